// SPDX-License-Identifier: GPL-2.0
/*
 * luod: the userspace live-update agent. It reads the serialization
 * formats a kernel image supports, negotiates them with the running
 * kernel, holds workloads' files and performs the live update.
 */
#include "cli.h"
#include "client.h"
#include "commands.h"
#include "daemon.h"
#include "update_cmd.h"

static const struct luod_cmd cmds[] = {
	{ "versions", cmd_versions, NULL, "[IMAGE [--modules DIR]]",
	  "the serialization formats of the running kernel, or of IMAGE" },
	{ "check", cmd_check, NULL,
	  "[--all] [--type T]... [--no-daemon] [--modules DIR] IMAGE",
	  "can the running kernel live-update to IMAGE, and with which versions" },
	{ "matrix", cmd_matrix, NULL, "[--type T]... [NAME=]IMAGE...",
	  "which image can live-update to which, with which versions" },
	{ "update", cmd_update, NULL,
	  "IMAGE [--initrd F] [--cmdline S] [--policy F] [--modules DIR] [--dry-run]",
	  "negotiate, preserve the held files and kexec into IMAGE" },
	{ "incoming", cmd_incoming, NULL, "",
	  "what the previous kernel handed over to this boot" },
	{ "discard", cmd_discard, NULL, "SESSION",
	  "give up an incoming session nobody will take back" },
	{ "daemon", cmd_daemon, NULL, "[--group G]",
	  "hold workloads' files across a live update (on --socket)" },
	{ "client", NULL, client_cmds, "REQUEST [ARGS]",
	  "talk to the daemon: preserve, retrieve, finish, drop, status" },
	{ "help", cli_help, NULL, "[COMMAND...]",
	  "show this help, or COMMAND's" },
	{ NULL, NULL, NULL, NULL, NULL }
};

int main(int argc, char **argv)
{
	return cli_main(cmds, argc, argv);
}
