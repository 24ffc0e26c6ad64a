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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "error.h"
#include "manifest.h"
#include "number.h"
#include "rpc.h"

static int token_arg(const char *s, uint64_t *token)
{
	if (parse_token(s, token))
		return usage_error("bad token '%s' (a decimal number)", s);
	return 0;
}

/* --fd N: a descriptor number, strictly. */
static int fd_arg(const char *cmd, const char *arg, int *fd)
{
	unsigned long long n;

	if (cli_number(cmd, "--fd", arg, INT_MAX, &n))
		return EXIT_USAGE;
	*fd = (int)n;
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

/* The file to hand over: --memfd, --fd N or FILE. */
static int open_input(bool memfd, int fd, const char *session,
		      const char *path)
{
	if (memfd)
		return memfd_from_stdin(session);
	if (fd >= 0) {
		if (fcntl(fd, F_GETFD) < 0)
			return fail_errno(errno, "--fd %d", fd);
		return fd;
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? fail_errno(errno, "%s", path) : fd;
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
	struct out o = cli_out();
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
			if (fd_arg("client preserve", optarg, &fd))
				return EXIT_USAGE;
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
	fd = open_input(memfd, fd, session, argv[optind + 2]);
	if (fd < 0)
		return error_exit(EXIT_USAGE);

	q = rpc_pair("preserve", &r);
	if (!q)
		return error_exit(EXIT_FAIL);
	msg_add(q, "session", session);
	msg_addf(q, "token", "%" PRIu64, token);
	if (type)
		msg_add(q, "type", type);
	msg_add_fd(q, fd);
	ret = rpc_call(q, r, &code, false);
	if (!ret)
		report_file(&o, session, token, msg_get(r, "type") ?: "?", NULL);
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
	struct out o = cli_out();
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
			if (fd_arg("client retrieve", optarg, &at))
				return EXIT_USAGE;
			break;
		default:
			ret = common_option(c, argv, "client retrieve");
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind < 2 || (argc - optind > 2 && output))
		return usage_error("client retrieve: give SESSION TOKEN, and -o FILE or a command");
	session = argv[optind];
	if (token_arg(argv[optind + 1], &token))
		return EXIT_USAGE;

	q = rpc_pair("retrieve", &r);
	if (!q)
		return error_exit(EXIT_FAIL);
	msg_add(q, "session", session);
	msg_addf(q, "token", "%" PRIu64, token);
	ret = rpc_call(q, r, &code, false);
	fd = ret ? -1 : msg_take_fd(r, 0);
	type = ret ? NULL : msg_get(r, "type") ?: "?";
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
		report_file(&o, session, token, type, &st);
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
	unsigned long long dropped = 0;
	struct out o = cli_out();
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
	q = rpc_pair(verb, &r);
	if (!q)
		return error_exit(EXIT_FAIL);
	if (n > 0)
		msg_add(q, "session", argv[optind]);
	if (n > 1)
		msg_addf(q, "token", "%" PRIu64, token);
	/* Only status has the daemon render JSON; the others report here. */
	if (status && opts.json)
		msg_add(q, "json", "1");
	if (status && opts.pretty)
		msg_add(q, "pretty", "1");
	ret = rpc_call(q, r, &code, false);
	if (!ret && !strcmp(verb, "drop") &&
	    parse_uint(msg_get(r, "dropped"), ULLONG_MAX, &dropped)) {
		ret = fail("malformed reply: no dropped=N");
		code = EXIT_FAIL;
	}
	if (!ret && !strcmp(verb, "drop"))
		report_dropped(&o, argv[optind], dropped);
	else if (!ret && !status)
		report_finished(&o, argv[optind]);
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

const struct luod_cmd client_cmds[] = {
	{ "preserve", client_preserve, NULL,
	  "SESSION TOKEN FILE|--memfd|--fd N [--type T]",
	  "hand a file to the daemon (--memfd: a new memfd with stdin)" },
	{ "retrieve", client_retrieve, NULL,
	  "SESSION TOKEN [-o FILE | [--fd N] -- CMD...]",
	  "get a file back: copy it to FILE (- for stdout), or run CMD with it as fd 3" },
	{ "finish", client_finish, NULL, "SESSION", "finish an incoming session" },
	{ "drop", client_drop, NULL, "SESSION [TOKEN]",
	  "stop holding a session's files (or one of them)" },
	{ "status", client_status, NULL, "",
	  "what the daemon holds for you, and what it was handed" },
	{ "help", cli_help, NULL, "[REQUEST]", "show this help, or REQUEST's" },
	{ NULL, NULL, NULL, NULL, NULL }
};
