// SPDX-License-Identifier: GPL-2.0
/*
 * The client side of the daemon protocol (PROTOCOL.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "escape.h"
#include "number.h"
#include "peer.h"
#include "rpc.h"
#include "update.h"

struct msg *rpc_pair(const char *verb, struct msg **r)
{
	struct msg *q = calloc(2, sizeof(*q));

	if (!q) {
		fail("out of memory");
		return NULL;
	}
	msg_init(q, verb);
	*r = q + 1;
	return q;
}

/* Connect to a daemon luod trusts; -1 with *@code set, else the socket. */
static int dial(const char *path, int *code, bool quiet)
{
	uid_t trusted;
	int sock;

	if (cli_daemon_uid(&trusted))
		return -1;
	sock = proto_connect(path);
	if (sock < 0) {
		if (quiet && (sock == -ENOENT || sock == -ECONNREFUSED))
			*code = NO_DAEMON;
		return fail_errno(-sock, "cannot reach the daemon at %s",
				  path);
	}
	if (peer_check_daemon(sock, path, trusted)) {
		close(sock);
		return -1;
	}
	return sock;
}

/* Print an "output" field: the daemon's report, escaped already. */
static void print_output(const char *v)
{
	if (opts.json)
		fputs(v, stdout);
	else
		esc_lines(stdout, v);
}

int rpc_call(struct msg *q, struct msg *r, int *code, bool quiet)
{
	const char *path = cli_socket();
	unsigned long long status = EXIT_OK;
	bool reboot = false;
	const char *v;
	int sock, n, ret = -1;

	*code = EXIT_USAGE;
	sock = dial(path, code, quiet);
	if (sock < 0)
		return -1;
	if (msg_send(sock, q))
		goto out;
	do {
		n = msg_recv(sock, r);
		if (!n && reboot) {
			*code = EXIT_OK;
			ret = 0;
			goto out;
		}
		if (n <= 0) {
			fail("%s: no reply from the daemon", path);
			goto out;
		}
		reboot = msg_flag(r, "reboot");
		v = msg_get(r, "output");
		if (v)
			print_output(v);
	} while (msg_get(r, "more"));
	v = msg_get(r, "exit");
	if (v && parse_uint(v, 255, &status)) {
		fail("%s: malformed reply (exit=%s)", path, v);
		goto out;
	}
	*code = (int)status;
	if (!strcmp(msg_verb(r), "ok")) {
		ret = 0;
	} else {
		v = msg_get(r, "message");
		fail("%s", v ? v : "the daemon failed");
		if (*code == EXIT_OK)
			*code = EXIT_FAIL;
	}
out:
	close(sock);
	return ret;
}

/* The field @key of the reply to the request @verb, into @buf. */
static int rpc_query(const char *verb, const char *key, char *buf, size_t len)
{
	struct msg *r, *q = rpc_pair(verb, &r);
	int ret, code;

	if (!q)
		return -1;
	ret = rpc_call(q, r, &code, true);
	if (ret && code == NO_DAEMON)
		ret = NO_DAEMON;
	if (!ret)
		snprintf(buf, len, "%s", msg_get(r, key) ?: "");
	free(q);
	return ret;
}

int rpc_types(char *buf, size_t len)
{
	return rpc_query("types", "types", buf, len);
}

int rpc_unfinished(char *buf, size_t len)
{
	return rpc_query("unfinished", "sessions", buf, len);
}

int rpc_discard(const char *session)
{
	struct msg *r, *q = rpc_pair("discard", &r);
	int ret, code;

	if (!q)
		return error_exit(EXIT_FAIL);
	msg_add(q, "session", session);
	if (rpc_call(q, r, &code, true))
		ret = code == NO_DAEMON ? NO_DAEMON : error_exit(code);
	else
		ret = code;
	free(q);
	return ret;
}

int rpc_update(const struct update_args *a, const char *policy)
{
	struct msg *r, *q = rpc_pair("update", &r);
	int ret, code;

	if (!q)
		return error_exit(EXIT_FAIL);
	msg_add(q, "image", a->image);
	msg_add_fd(q, a->image_fd);
	if (a->initrd_fd >= 0) {
		msg_add(q, "initrd", "1");
		msg_add_fd(q, a->initrd_fd);
	}
	if (a->cmdline)
		msg_add(q, "cmdline", a->cmdline);
	if (policy && msg_add(q, "policy", policy)) {
		ret = error_exit(EXIT_USAGE);
		goto out;
	}
	if (a->dry_run)
		msg_add(q, "dry-run", "1");
	if (a->modules)
		msg_add(q, "modules", a->modules);
	if (opts.json)
		msg_add(q, "json", "1");
	if (opts.pretty)
		msg_add(q, "pretty", "1");
	if (rpc_call(q, r, &code, true))
		ret = code == NO_DAEMON ? NO_DAEMON : error_exit(code);
	else
		ret = code;
out:
	free(q);
	return ret;
}
