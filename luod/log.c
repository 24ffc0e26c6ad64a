// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's log, escaped and rate-limited (see log.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "log.h"
#include "report.h"

static bool json;
static struct {
	char event[32];
	char text[1024];
	unsigned long repeats;	/* not printed since */
	time_t since;		/* when it was printed */
} last;

void log_init(bool as_json)
{
	json = as_json;
}

static void emit(const char *event, const char *text)
{
	if (json) {
		report_event(stdout, event, text);
		return;
	}
	fputs("luod: ", stderr);
	esc_put(stderr, event);
	fputs(": ", stderr);
	esc_put(stderr, text);
	fputc('\n', stderr);
}

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void log_flush(void)
{
	char text[64];

	if (!last.repeats)
		return;
	snprintf(text, sizeof(text), "last message repeated %lu times",
		 last.repeats);
	last.repeats = 0;
	emit(last.event, text);
}

void logmsg(const char *event, const char *fmt, ...)
{
	char text[sizeof(last.text)];
	time_t t = now();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!strcmp(event, last.event) && !strcmp(text, last.text) &&
	    t - last.since < LOG_REPEAT_SECONDS) {
		last.repeats++;
		return;
	}
	log_flush();
	emit(event, text);
	snprintf(last.event, sizeof(last.event), "%s", event);
	memcpy(last.text, text, sizeof(text));
	last.since = t;
}
