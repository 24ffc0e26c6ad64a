/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "luod update", through the daemon or here.
 */
#ifndef LUOD_UPDATE_CMD_H
#define LUOD_UPDATE_CMD_H

int cmd_update(int argc, char **argv);

#endif
