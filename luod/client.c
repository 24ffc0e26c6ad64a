// SPDX-License-Identifier: GPL-2.0
/*
 * "luod client": a small client of the daemon, for workloads written in
 * shell. It hands over files (a file, an inherited fd, or a new memfd
 * filled from stdin), gets them back (into a file, or as fd 3 of a
 * command it runs), finishes sessions and shows the daemon's state.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "error.h"
#include "json.h"
#include "luod.h"
#include "manifest.h"
#include "proto.h"
#include "report.h"
#include "update.h"

/*
 * Send @q and receive the reply into @r, writing its "output" (which may
 * come in several messages) to stdout. Returns 0 for an "ok" reply with
 * *@code its exit status; -1 with a recorded error otherwise, *@code then
 * the exit status to give, or NO_DAEMON with @quiet if none listens.
 * After reboot=1 the end of the connection is the kexec: done, exit 0.
 */
static int call(struct msg *q, struct msg *r, int *code, bool quiet)
{
	const char *path = proto_socket_path();
	bool reboot = false;
	const char *v;
	int sock, n, ret = -1;

	*code = EXIT_USAGE;
	sock = proto_connect(path);
	if (sock < 0) {
		if (quiet && (sock == -ENOENT || sock == -ECONNREFUSED))
			*code = NO_DAEMON;
		return fail_errno(-sock, "cannot reach the daemon at %s",
				  path);
	}
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
			fputs(v, stdout);
	} while (msg_get(r, "more"));
	v = msg_get(r, "exit");
	*code = v ? atoi(v) : EXIT_OK;
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

/*
 * A request @verb, and its reply in *@r: one allocation to free(), the
 * request. NULL (with a recorded error) if out of memory.
 */
static struct msg *msg_pair(const char *verb, struct msg **r)
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

/* The file @session @token of @type as JSON, with its size if @st. */
static void print_file_json(const char *session, uint64_t token,
			    const char *type, const struct stat *st)
{
	struct json j;

	json_init(&j, stdout, opts.pretty);
	json_object(&j, NULL);
	json_string(&j, "session", session);
	json_uint(&j, "token", token);
	json_string(&j, "type", type);
	if (st)
		json_uint(&j, "size", (unsigned long long)st->st_size);
	json_finish(&j);
}

static int token_arg(const char *s, uint64_t *token)
{
	if (parse_token(s, token))
		return usage_error("bad token '%s' (a decimal number)", s);
	return 0;
}

/* A new memfd with all of stdin. */
static int memfd_from_stdin(const char *name)
{
	static char buf[1 << 20];
	int fd = memfd_create(name, MFD_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return fail_errno(errno, "memfd_create");
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(fd, buf, (size_t)n) != n) {
			fail_errno(errno, "copying stdin into a memfd");
			close(fd);
			return -1;
		}
	}
	/* Whoever gets it back reads it from the start. */
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static int client_preserve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "memfd", no_argument, NULL, 'm' },
		{ "fd", required_argument, NULL, 'f' },
		COMMON_LONGOPTS
	};
	const char *type = NULL, *session;
	bool memfd = false;
	int fd = -1, c, ret, code;
	struct msg *q, *r;
	uint64_t token;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "t:mf:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 't':
			type = optarg;
			break;
		case 'm':
			memfd = true;
			break;
		case 'f':
			fd = atoi(optarg);
			break;
		default:
			ret = common_option(c, argv, "client preserve");
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind != 2 + !(memfd || fd >= 0) ||
	    (memfd && fd >= 0))
		return usage_error("client preserve: give SESSION TOKEN and one of FILE, --memfd or --fd N");
	session = argv[optind];
	if (token_arg(argv[optind + 1], &token))
		return EXIT_USAGE;
	if (memfd)
		fd = memfd_from_stdin(session);
	else if (fd < 0)
		fd = open(argv[optind + 2], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		if (!memfd)
			fail_errno(errno, "%s", argv[optind + 2]);
		return error_exit(EXIT_USAGE);
	}

	q = msg_pair("preserve", &r);
	if (!q)
		return error_exit(EXIT_FAIL);
	msg_add(q, "session", session);
	msg_addf(q, "token", "%" PRIu64, token);
	if (type)
		msg_add(q, "type", type);
	msg_add_fd(q, fd);
	ret = call(q, r, &code, false);
	if (!ret && opts.json)
		print_file_json(session, token, msg_get(r, "type"), NULL);
	free(q);
	return ret ? error_exit(code) : code;
}

/* Copy the whole file @fd, from its start, to @path ("-": stdout). */
static int copy_out(int fd, const char *path)
{
	static char buf[1 << 20];
	int out = STDOUT_FILENO;
	off_t off = 0;
	ssize_t n;

	if (strcmp(path, "-")) {
		out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			   0600);
		if (out < 0)
			return fail_errno(errno, "%s", path);
	}
	while ((n = pread(fd, buf, sizeof(buf), off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			fail_errno(errno, "copying the file to %s", path);
			break;
		}
		off += n;
	}
	if (out != STDOUT_FILENO && close(out) && !n)
		n = fail_errno(errno, "%s", path);
	return n ? -1 : 0;
}

/* Run @argv with @fd as descriptor @at and $LUOD_FD set. */
static int run_with_fd(int fd, int at, char **argv)
{
	char num[16];

	if (fd == at ? fcntl(fd, F_SETFD, 0) : dup2(fd, at) < 0)
		return fail_errno(errno, "fd %d", at);
	snprintf(num, sizeof(num), "%d", at);
	setenv("LUOD_FD", num, 1);
	execvp(argv[0], argv);
	return fail_errno(errno, "%s", argv[0]);
}

static int client_retrieve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "fd", required_argument, NULL, 'f' },
		COMMON_LONGOPTS
	};
	const char *output = NULL, *session, *type;
	int at = 3, fd, c, ret, code;
	struct msg *q, *r;
	uint64_t token;
	struct stat st;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "o:f:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			at = atoi(optarg);
			break;
		default:
			ret = common_option(c, argv, "client retrieve");
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind < 2 || (argc - optind > 2 && output) || at < 0)
		return usage_error("client retrieve: give SESSION TOKEN, and -o FILE or a command");
	session = argv[optind];
	if (token_arg(argv[optind + 1], &token))
		return EXIT_USAGE;

	q = msg_pair("retrieve", &r);
	if (!q)
		return error_exit(EXIT_FAIL);
	msg_add(q, "session", session);
	msg_addf(q, "token", "%" PRIu64, token);
	ret = call(q, r, &code, false);
	fd = ret ? -1 : msg_take_fd(r, 0);
	type = ret ? NULL : msg_get(r, "type");
	if (!ret && fd < 0) {
		ret = fail("the daemon sent no file");
		code = EXIT_FAIL;
	}
	if (!ret && argc - optind > 2) {
		run_with_fd(fd, at, argv + optind + 2);
		code = EXIT_USAGE;
		ret = -1;
	} else if (!ret && output) {
		ret = copy_out(fd, output);
		code = EXIT_USAGE;
	} else if (!ret) {
		fstat(fd, &st);
		if (opts.json)
			print_file_json(session, token, type, &st);
		else
			printf("session %s token %" PRIu64 ": %s, %lld bytes\n",
			       session, token, type, (long long)st.st_size);
	}
	if (fd >= 0)
		close(fd);
	msg_close_fds(r);
	free(q);
	return ret ? error_exit(code) : EXIT_OK;
}

/* Requests with one or two words and no fds: finish, drop, status. */
static int simple(int argc, char **argv, const char *verb, int min, int max)
{
	bool status = !strcmp(verb, "status");
	char name[64];
	struct msg *q, *r;
	int ret, code, n;
	uint64_t token;

	snprintf(name, sizeof(name), "client %s", verb);
	ret = common_options_only(argc, argv, name);
	if (ret >= 0)
		return ret;
	n = argc - optind;
	if (n < min || n > max)
		return usage_error("%s: wrong number of arguments", name);
	if (n > 1 && token_arg(argv[optind + 1], &token))
		return EXIT_USAGE;
	q = msg_pair(verb, &r);
	if (!q)
		return error_exit(EXIT_FAIL);
	if (n > 0)
		msg_add(q, "session", argv[optind]);
	if (n > 1)
		msg_addf(q, "token", "%" PRIu64, token);
	/* Only status has the daemon render JSON; the others print it here. */
	if (status && opts.json)
		msg_add(q, "json", "1");
	if (status && opts.pretty)
		msg_add(q, "pretty", "1");
	ret = call(q, r, &code, false);
	if (!ret && opts.json && !status) {
		struct json j;

		json_init(&j, stdout, opts.pretty);
		json_object(&j, NULL);
		json_string(&j, "session", argv[optind]);
		if (!strcmp(verb, "drop"))
			json_uint(&j, "dropped",
				  strtoull(msg_get(r, "dropped") ?: "0", NULL, 10));
		else
			json_bool(&j, "finished", true);
		json_finish(&j);
	}
	free(q);
	return ret ? error_exit(code) : code;
}

static int client_finish(int argc, char **argv)
{
	return simple(argc, argv, "finish", 1, 1);
}

static int client_drop(int argc, char **argv)
{
	return simple(argc, argv, "drop", 1, 2);
}

static int client_status(int argc, char **argv)
{
	return simple(argc, argv, "status", 0, 0);
}

static int client_help(int argc, char **argv);

static const struct luod_cmd client_cmds[] = {
	{ "preserve", client_preserve,
	  "SESSION TOKEN FILE|--memfd|--fd N [--type T]",
	  "hand a file to the daemon (--memfd: a new memfd with stdin)" },
	{ "retrieve", client_retrieve, "SESSION TOKEN [-o FILE | [--fd N] -- CMD...]",
	  "get a file back: copy it to FILE (- for stdout), or run CMD with it as fd 3" },
	{ "finish", client_finish, "SESSION", "finish an incoming session" },
	{ "drop", client_drop, "SESSION [TOKEN]",
	  "stop holding a session's files (or one of them)" },
	{ "status", client_status, "", "what the daemon holds and what it was handed" },
	{ "help", client_help, "", "show this help" },
	{ NULL, NULL, NULL, NULL }
};

void client_usage(void)
{
	printf("usage: luod client REQUEST [ARGS]\n\nRequests:\n");
	print_commands(stdout, client_cmds, "");
}

static int client_help(int argc, char **argv)
{
	client_usage();
	return EXIT_OK;
}

int cmd_client(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONGOPTS };
	int c, ret;

	/* Common options before the request, too. */
	while ((c = getopt_long(argc, argv, "+" COMMON_SHORTOPTS, longopts,
				NULL)) != -1) {
		ret = common_option(c, argv, "client");
		if (ret >= 0)
			return ret;
	}
	if (optind == argc)
		return usage_error("client: missing request");
	return run_command(client_cmds, "client ", argc - optind,
			   argv + optind);
}

int client_types(char *buf, size_t len)
{
	struct msg *r, *q = msg_pair("types", &r);
	int ret, code;

	if (!q)
		return -1;
	ret = call(q, r, &code, true);
	if (ret && code == NO_DAEMON)
		ret = NO_DAEMON;
	if (!ret)
		snprintf(buf, len, "%s", msg_get(r, "types") ?: "");
	free(q);
	return ret;
}

int client_update(const struct update_args *a, const char *policy)
{
	struct msg *r, *q = msg_pair("update", &r);
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
	if (opts.json)
		msg_add(q, "json", "1");
	if (opts.pretty)
		msg_add(q, "pretty", "1");
	if (call(q, r, &code, true))
		ret = code == NO_DAEMON ? NO_DAEMON : error_exit(code);
	else
		ret = code;
out:
	free(q);
	return ret;
}
