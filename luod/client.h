/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "luod client": its requests, a command group of main.c's table.
 */
#ifndef LUOD_CLIENT_H
#define LUOD_CLIENT_H

#include "cli.h"

extern const struct luod_cmd client_cmds[];

#endif
