/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands that read images and the running kernel.
 */
#ifndef LUOD_COMMANDS_H
#define LUOD_COMMANDS_H

int cmd_versions(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_incoming(int argc, char **argv);
/* discard_cmd.c */
int cmd_discard(int argc, char **argv);

#endif
