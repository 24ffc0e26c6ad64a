/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line: command tables (nested, for "luod client ..."), the
 * options every command takes, generated help, strict numbers, and the
 * way errors end a command.
 */
#ifndef LUOD_CLI_H
#define LUOD_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "compiler.h"
#include "report.h"

#define LUOD_VERSION		"1.0"
#define LUOD_DEFAULT_SOCKET	"/run/luod.sock"

/* A command, or a group of commands (@sub), with its one-line help. */
struct luod_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const struct luod_cmd *sub;	/* NULL-terminated, for a group */
	const char *args;
	const char *help;
};

struct options {
	bool json;		/* -j, --json */
	bool pretty;		/* -p, --pretty (implies --json) */
	const char *socket;	/* --socket, or $LUOD_SOCKET */
	const char *daemon_user; /* --daemon-user, or $LUOD_DAEMON_USER */
};

extern struct options opts;

/*
 * The options every command accepts after its name, too (anywhere among
 * its arguments; "--" ends them). A command's own getopt_long() table ends
 * with COMMON_LONGOPTS, its short option string starts with
 * COMMON_SHORTOPTS, and what it does not handle goes to common_option().
 */
#define COMMON_SHORTOPTS	":jph"
#define COMMON_LONGOPTS							\
	{ "json", no_argument, NULL, 'j' },				\
	{ "pretty", no_argument, NULL, 'p' },				\
	{ "sysfs", required_argument, NULL, 'S' },			\
	{ "socket", required_argument, NULL, 's' },			\
	{ "daemon-user", required_argument, NULL, 'U' },		\
	{ "help", no_argument, NULL, 'h' },				\
	{ NULL, 0, NULL, 0 }

/*
 * Handle what getopt_long() returned for a common option, a bad option or
 * a missing argument, in command @cmd ("client retrieve"). Returns -1
 * when the command goes on, otherwise the exit status the command returns
 * at once (help printed, or a usage error reported).
 */
int common_option(int c, char **argv, const char *cmd);
/* Parse the options of a command that has only the common ones. */
int common_options_only(int argc, char **argv, const char *cmd);

/* Options before the command, then the command of @root named by argv. */
int cli_main(const struct luod_cmd *root, int argc, char **argv);
/* The "help [COMMAND...]" command of any table. */
int cli_help(int argc, char **argv);

/* The output options of this command line, to stdout. */
struct out cli_out(void);
/* Socket path: --socket, else $LUOD_SOCKET, else LUOD_DEFAULT_SOCKET. */
const char *cli_socket(void);
/* The uid of --daemon-user (name or number), -1 if none; -1 on error. */
int cli_daemon_uid(uid_t *uid);
/*
 * The argument @arg of option @opt of @cmd as a number of at most @max,
 * strictly (cli_number("fd", ...) refuses "abc"). Else a usage error,
 * and EXIT_USAGE is returned.
 */
int cli_number(const char *cmd, const char *opt, const char *arg,
	       unsigned long long max, unsigned long long *v);

/* Print the last error as "luod: error: ..." on stderr, escaped. */
void error_print(void);
/*
 * Print the last error as "luod: error: ..." on stderr (escaped), and as
 * {"error": ...} on stdout under --json, and return @code.
 */
int error_exit(int code);
int usage_error(const char *fmt, ...) __printf(1, 2);

#endif
