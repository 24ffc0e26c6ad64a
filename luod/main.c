// SPDX-License-Identifier: GPL-2.0
/*
 * luod: the userspace live-update agent. It reads the serialization
 * formats a kernel image supports, negotiates them with the running
 * kernel, holds workloads' files and performs the live update.
 *
 * Commands come from a table with their help. Options before the command
 * are parsed here; each command parses its own, and the common ones.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "luod.h"
#include "sysfs.h"

struct options opts;

static int cmd_help(int argc, char **argv);

static const struct luod_cmd cmds[] = {
	{ "versions", cmd_versions, "[IMAGE]",
	  "the serialization formats of the running kernel, or of IMAGE" },
	{ "check", cmd_check, "[--all] [--type T]... IMAGE",
	  "can the running kernel live-update to IMAGE, and with which versions" },
	{ "matrix", cmd_matrix, "[--type T]... [NAME=]IMAGE...",
	  "which image can live-update to which, with which versions" },
	{ "update", cmd_update,
	  "IMAGE [--initrd F] [--cmdline S] [--policy F] [--dry-run]",
	  "negotiate, preserve the held files and kexec into IMAGE" },
	{ "incoming", cmd_incoming, "",
	  "what the previous kernel handed over to this boot" },
	{ "daemon", cmd_daemon, "",
	  "hold workloads' files across a live update (on --socket)" },
	{ "client", cmd_client, "REQUEST [ARGS]",
	  "talk to the daemon: preserve, retrieve, finish, drop, status" },
	{ "help", cmd_help, "", "show this help" },
	{ NULL, NULL, NULL, NULL }
};

void print_commands(FILE *f, const struct luod_cmd *c, const char *prefix)
{
	for (; c->name; c++)
		fprintf(f, "  %s%s%s%s\n      %s\n", prefix, c->name,
			*c->args ? " " : "", c->args, c->help);
}

static void help(FILE *f)
{
	fprintf(f, "usage: luod [OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
	print_commands(f, cmds, "");
	fprintf(f,
		"\nOptions (before or after COMMAND):\n"
		"  -j, --json           JSON output, in stable schemas (luod(8))\n"
		"  -p, --pretty         indented JSON (implies --json)\n"
		"      --sysfs DIR      sysfs root (default $LUOD_SYSFS or /sys)\n"
		"      --socket PATH    daemon socket (default $LUOD_SOCKET or %s)\n"
		"  -h, --help           help (of a command, after it)\n"
		"  -V, --version        version\n"
		"\nExit status: 0 done or compatible, 1 not compatible or failed,\n"
		"2 usage or I/O error.\n", LUOD_DEFAULT_SOCKET);
}

static int cmd_help(int argc, char **argv)
{
	help(stdout);
	return EXIT_OK;
}

static const struct luod_cmd *find(const struct luod_cmd *c, const char *name)
{
	for (; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void command_help(const char *cmd)
{
	const struct luod_cmd *c;

	if (!strncmp(cmd, "client ", 7)) {
		client_usage();
		return;
	}
	c = find(cmds, cmd);
	if (c)
		printf("usage: luod %s%s%s\n  %s\n", c->name, *c->args ? " " : "",
		       c->args, c->help);
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
	case 'h':
		command_help(cmd);
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

int run_command(const struct luod_cmd *table, const char *prefix, int argc,
		char **argv)
{
	const struct luod_cmd *c = find(table, argv[0]);

	if (!c)
		return usage_error("invalid command '%s%s'", prefix, argv[0]);
	/* The command parses its own options from its name on. */
	optind = 0;
	return c->fn(argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		COMMON_LONGOPTS
	};
	int c, ret;

	opterr = 0;
	/* "+": the options before the command only. */
	while ((c = getopt_long(argc, argv, "+" COMMON_SHORTOPTS "V", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'V':
			printf("luod %s\n", LUOD_VERSION);
			return EXIT_OK;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			ret = common_option(c, argv, "luod");
			if (ret >= 0)
				return ret;
		}
	}
	if (optind == argc) {
		help(stderr);
		return usage_error("missing command");
	}
	return run_command(cmds, "", argc - optind, argv + optind);
}
