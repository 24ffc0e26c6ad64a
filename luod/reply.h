/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's replies (PROTOCOL.md).
 */
#ifndef LUOD_REPLY_H
#define LUOD_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"
#include "proto.h"

/* A handler's return: it replies itself, later (the connection waits). */
#define REPLY_LATER	1

/* An "error" reply: exit status @code for the client, errno @err; -1. */
int reply_error(struct msg *r, int code, int err, const char *fmt, ...)
	__printf(4, 5);
/*
 * Send @text as "output" fields, in as many messages as it takes. With
 * @reboot they say more=1 and reboot=1: the daemon reboots next, and
 * sends a final message only if that fails.
 */
void reply_output(int sock, const char *verb, int exit_code, const char *text,
		  size_t len, bool reboot);

#endif
