// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's replies: "ok" or "error" with exit=, and the "output" of a
 * report, split over as many messages as it takes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

int reply_error(struct msg *r, int code, int err, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	msg_init(r, "error");
	msg_addf(r, "exit", "%d", code);
	msg_add(r, "errno", strerrorname_np(err) ? strerrorname_np(err) : "?");
	msg_add(r, "message", text);
	return -1;
}

void reply_output(int sock, const char *verb, int exit_code, const char *text,
		  size_t len, bool reboot)
{
	const size_t chunk = PROTO_MSG_MAX - 256;
	struct msg *r = malloc(sizeof(*r));
	size_t off = 0;

	if (!r)
		return;
	do {
		size_t n = len - off < chunk ? len - off : chunk;
		char *part = strndup(text + off, n);

		msg_init(r, verb);
		msg_addf(r, "exit", "%d", exit_code);
		if (part)
			msg_add(r, "output", part);
		free(part);
		off += n;
		if (off < len || reboot)
			msg_add(r, "more", "1");
		if (reboot)
			msg_add(r, "reboot", "1");
		if (msg_send(sock, r))
			break;
	} while (off < len);
	free(r);
}
