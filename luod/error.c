// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static __thread char msg[1024];

/* Format the message, then append SEP and TAIL when a TAIL is given. */
static void set_msg(const char *sep, const char *tail, const char *fmt,
		    va_list ap)
{
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!tail)
		return;
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, "%s%s", sep, tail);
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(NULL, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(": ", strerror(err), fmt, ap);
	va_end(ap);
	return -1;
}

int fail_wrap(const char *fmt, ...)
{
	char old[sizeof(msg)];
	va_list ap;

	memcpy(old, msg, sizeof(old));
	va_start(ap, fmt);
	set_msg(": ", old, fmt, ap);
	va_end(ap);
	return -1;
}

const char *last_error(void)
{
	return msg;
}
