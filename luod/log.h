/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's log: "luod: <event>: <message>" lines on stderr, escaped,
 * or with --json one JSON object a line on stdout. A line identical to
 * the one before, within LOG_REPEAT_SECONDS of its first appearance, is
 * counted instead of printed ("last message repeated N times"), so a
 * flood of connections cannot flood the log.
 */
#ifndef LUOD_LOG_H
#define LUOD_LOG_H

#include <stdbool.h>

#include "compiler.h"

#define LOG_REPEAT_SECONDS	10

void log_init(bool json);
void logmsg(const char *event, const char *fmt, ...) __printf(2, 3);
/* Print the count of repeats not printed yet. */
void log_flush(void);

#endif
