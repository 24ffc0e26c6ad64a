// SPDX-License-Identifier: GPL-2.0
/*
 * Command tables and their help. A table entry is a command or a group
 * (its own table, such as "client"); the same machinery dispatches both,
 * parses the common options and prints the help of any command from its
 * path ("luod help client preserve").
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "escape.h"
#include "names.h"
#include "number.h"
#include "report.h"
#include "sysfs.h"

struct options opts;

static const struct luod_cmd *root;
/* The path of the group whose command runs ("" or "client"). */
static char group_path[64];

static const struct luod_cmd *find(const struct luod_cmd *c, const char *name)
{
	for (; c && c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void list(FILE *f, const struct luod_cmd *c)
{
	for (; c->name; c++)
		fprintf(f, "  %s%s%s\n      %s\n", c->name, *c->args ? " " : "",
			c->args, c->help);
}

static void top_help(FILE *f)
{
	fprintf(f, "usage: luod [OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
	list(f, root);
	fprintf(f,
		"\nOptions (before or after COMMAND):\n"
		"  -j, --json           JSON output, in stable schemas (luod(8))\n"
		"  -p, --pretty         indented JSON (implies --json)\n"
		"      --sysfs DIR      sysfs root (default $LUOD_SYSFS or /sys)\n"
		"      --socket PATH    daemon socket (default $LUOD_SOCKET or %s)\n"
		"      --daemon-user U  a daemon's user to trust besides root\n"
		"  -h, --help           help (of a command, after it)\n"
		"  -V, --version        version\n"
		"\nExit status: 0 done or compatible, 1 not compatible or failed,\n"
		"2 usage or I/O error. 'luod help COMMAND' helps with COMMAND.\n",
		LUOD_DEFAULT_SOCKET);
}

/*
 * The help of the command at @path, words separated by spaces ("" for
 * all of luod). False if there is no such command.
 */
static bool usage(FILE *f, const char *path)
{
	const struct luod_cmd *table = root, *c = NULL;
	char copy[128], *w, *save;

	snprintf(copy, sizeof(copy), "%s", path);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		c = find(table, w);
		if (!c)
			return false;
		table = c->sub;
	}
	if (!c) {
		top_help(f);
	} else if (c->sub) {
		fprintf(f, "usage: luod %s %s\n  %s\n\nRequests:\n", path,
			c->args, c->help);
		list(f, c->sub);
	} else {
		fprintf(f, "usage: luod %s%s%s\n  %s\n", path,
			*c->args ? " " : "", c->args, c->help);
	}
	return true;
}

int cli_help(int argc, char **argv)
{
	char path[128];
	size_t off;
	int i;

	off = (size_t)snprintf(path, sizeof(path), "%s", group_path);
	for (i = 1; i < argc && off < sizeof(path); i++)
		off += (size_t)snprintf(path + off, sizeof(path) - off, "%s%s",
					off ? " " : "", argv[i]);
	if (!usage(stdout, path))
		return usage_error("help: no command '%s'", path);
	return EXIT_OK;
}

int common_option(int c, char **argv, const char *cmd)
{
	switch (c) {
	case 'j':
		opts.json = true;
		return -1;
	case 'p':
		opts.json = opts.pretty = true;
		return -1;
	case 'S':
		sysfs_set_root(optarg);
		return -1;
	case 's':
		opts.socket = optarg;
		return -1;
	case 'U':
		opts.daemon_user = optarg;
		return -1;
	case 'h':
		usage(stdout, cmd);
		return EXIT_OK;
	case ':':
		return usage_error("%s: option '%s' needs an argument", cmd,
				   argv[optind - 1]);
	default:
		if (optopt)
			return usage_error("%s: unknown option '-%c'", cmd,
					   optopt);
		return usage_error("%s: unknown option '%s'", cmd,
				   argv[optind - 1]);
	}
}

int common_options_only(int argc, char **argv, const char *cmd)
{
	static const struct option longopts[] = { COMMON_LONGOPTS };
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS, longopts,
				NULL)) != -1) {
		ret = common_option(c, argv, cmd);
		if (ret >= 0)
			return ret;
	}
	return -1;
}

/* Run the command of @table named argv[0], in the group at @path. */
static int run(const struct luod_cmd *table, const char *path, int argc,
	       char **argv)
{
	static const struct option longopts[] = { COMMON_LONGOPTS };
	const struct luod_cmd *c = find(table, argv[0]);
	char sub[64];
	int ret;

	if (!c)
		return usage_error("invalid command '%s%s%s'", path,
				   *path ? " " : "", argv[0]);
	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? " " : "", c->name);
	/* The command parses its own options from its name on. */
	optind = 0;
	if (!c->sub) {
		snprintf(group_path, sizeof(group_path), "%s", path);
		return c->fn(argc, argv);
	}
	/* A group: the common options before its command, too. */
	while ((ret = getopt_long(argc, argv, "+" COMMON_SHORTOPTS, longopts,
				  NULL)) != -1) {
		ret = common_option(ret, argv, sub);
		if (ret >= 0)
			return ret;
	}
	if (optind == argc)
		return usage_error("%s: missing request", sub);
	return run(c->sub, sub, argc - optind, argv + optind);
}

int cli_main(const struct luod_cmd *table, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		COMMON_LONGOPTS
	};
	int c, ret;

	root = table;
	opterr = 0;
	/* "+": the options before the command only. */
	while ((c = getopt_long(argc, argv, "+" COMMON_SHORTOPTS "V", longopts,
				NULL)) != -1) {
		if (c == 'V') {
			printf("luod %s\n", LUOD_VERSION);
			return EXIT_OK;
		}
		if (c == 'h') {
			top_help(stdout);
			return EXIT_OK;
		}
		ret = common_option(c, argv, "luod");
		if (ret >= 0)
			return ret;
	}
	if (optind == argc) {
		top_help(stderr);
		return usage_error("missing command");
	}
	return run(root, "", argc - optind, argv + optind);
}

struct out cli_out(void)
{
	return (struct out){ stdout, opts.json, opts.pretty };
}

const char *cli_socket(void)
{
	const char *p = opts.socket;

	if (!p)
		p = getenv("LUOD_SOCKET");
	return p && *p ? p : LUOD_DEFAULT_SOCKET;
}

int cli_daemon_uid(uid_t *uid)
{
	const char *u = opts.daemon_user;

	if (!u)
		u = getenv("LUOD_DAEMON_USER");
	*uid = (uid_t)-1;
	if (u && *u && user_id(u, uid))
		return fail("--daemon-user: no user '%s'", u);
	return 0;
}

int cli_number(const char *cmd, const char *opt, const char *arg,
	       unsigned long long max, unsigned long long *v)
{
	if (!parse_uint(arg, max, v))
		return 0;
	usage_error("%s: %s takes a number from 0 to %llu, not '%s'", cmd, opt,
		    max, arg);
	return EXIT_USAGE;
}

void error_print(void)
{
	fputs("luod: error: ", stderr);
	esc_put(stderr, last_error());
	fputc('\n', stderr);
}

int error_exit(int code)
{
	error_print();
	if (opts.json)
		report_error(stdout, opts.pretty, last_error());
	return code;
}

int usage_error(const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fail("%s (try 'luod help')", text);
	return error_exit(EXIT_USAGE);
}
