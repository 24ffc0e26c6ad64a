/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The message of the last failure, dlerror(3) style: a failing function
 * records what went wrong and returns -1; its caller adds context with
 * fail_wrap() or prints it (cli.h: error_exit()). The message is per
 * thread, so the daemon's image parser may fail beside the event loop.
 */
#ifndef LUOD_ERROR_H
#define LUOD_ERROR_H

#include "compiler.h"

/* Exit statuses of every command. */
enum {
	EXIT_OK = 0,		/* done, compatible */
	EXIT_FAIL = 1,		/* not compatible, or the operation failed */
	EXIT_USAGE = 2,		/* bad usage, unreadable input, I/O error */
};

int fail(const char *fmt, ...) __printf(1, 2);
int fail_errno(int err, const char *fmt, ...) __printf(2, 3);
int fail_wrap(const char *fmt, ...) __printf(1, 2);
const char *last_error(void);

#endif
