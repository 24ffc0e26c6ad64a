/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "luod daemon": hold workloads' files across a live update. Its parts
 * share daemon_internal.h.
 */
#ifndef LUOD_DAEMON_H
#define LUOD_DAEMON_H

int cmd_daemon(int argc, char **argv);

#endif
