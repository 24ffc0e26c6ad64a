/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Options shared by every command, and the commands themselves.
 */
#ifndef LUOD_LUOD_H
#define LUOD_LUOD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#define LUOD_VERSION		"1.0"
#define LUOD_DEFAULT_SOCKET	"/run/luod.sock"

/* A command (or client request) and its one-line help. */
struct luod_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
};

/* Run the command of @cmds named argv[0], or report a usage error. */
int run_command(const struct luod_cmd *cmds, const char *prefix, int argc,
		char **argv);
/* The "Commands:" part of a help text, generated from @cmds. */
void print_commands(FILE *f, const struct luod_cmd *cmds, const char *prefix);

struct options {
	bool json;		/* -j, --json */
	bool pretty;		/* -p, --pretty (implies --json) */
	const char *socket;	/* --socket, or $LUOD_SOCKET */
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
	{ "help", no_argument, NULL, 'h' },				\
	{ NULL, 0, NULL, 0 }

/*
 * Handle what getopt_long() returned for a common option, a bad option or
 * a missing argument. Returns -1 when the command goes on, otherwise the
 * exit status the command returns at once (help printed, or a usage error
 * reported).
 */
int common_option(int c, char **argv, const char *cmd);

/* Parse the options of a command that has only the common ones. */
int common_options_only(int argc, char **argv, const char *cmd);

/* Print the usage and help line of command @cmd ("client retrieve"). */
void command_help(const char *cmd);

int cmd_versions(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_incoming(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_daemon(int argc, char **argv);
int cmd_client(int argc, char **argv);
/* The help of "luod client". */
void client_usage(void);

#endif
