// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "luod.h"

static char msg[1024];

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

int error_exit(int code)
{
	fprintf(stderr, "luod: error: %s\n", msg);
	if (opts.json) {
		struct json j;

		json_init(&j, stdout, opts.pretty);
		json_object(&j, NULL);
		json_string(&j, "error", msg);
		json_end(&j);
		json_finish(&j);
	}
	return code;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(" ", "(try 'luod help')", fmt, ap);
	va_end(ap);
	return error_exit(EXIT_USAGE);
}
