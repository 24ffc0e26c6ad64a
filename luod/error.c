// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "luod.h"

static char msg[1024];

static int vfail(const char *fmt, va_list ap)
{
	vsnprintf(msg, sizeof(msg), fmt, ap);
	return -1;
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	return -1;
}

int fail_errno(int err, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(err));
	return -1;
}

int fail_wrap(const char *fmt, ...)
{
	char old[sizeof(msg)];
	va_list ap;
	size_t n;

	memcpy(old, msg, sizeof(old));
	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, ": %s", old);
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
	size_t n;

	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, " (try 'luod help')");
	return error_exit(EXIT_USAGE);
}
