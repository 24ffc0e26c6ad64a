// SPDX-License-Identifier: GPL-2.0
/*
 * Escaping for text output and logs (see escape.h).
 */
#include <stdbool.h>

#include "escape.h"

static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

/* The escape of @c, "" if @c is written as it is. */
static const char *named(unsigned char c)
{
	switch (c) {
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\t':
		return "\\t";
	case '\r':
		return "\\r";
	default:
		return "";
	}
}

size_t esc_len(const char *s)
{
	const unsigned char *p;
	size_t n = 0;

	for (p = (const unsigned char *)s; *p; p++)
		n += plain(*p) ? 1 : *named(*p) ? 2 : 4;
	return n;
}

void esc_put(FILE *f, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (plain(*p))
			fputc(*p, f);
		else if (*named(*p))
			fputs(named(*p), f);
		else
			fprintf(f, "\\x%02x", *p);
	}
}

void esc_pad(FILE *f, const char *s, size_t width)
{
	size_t n = esc_len(s);

	esc_put(f, s);
	for (; n < width; n++)
		fputc(' ', f);
}

void esc_lines(FILE *f, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || (*p >= 0x20 && *p < 0x7f))
			fputc(*p, f);
		else
			fprintf(f, "\\x%02x", *p);
	}
}
