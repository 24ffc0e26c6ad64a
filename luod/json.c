// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer: one document, written as it is built.
 */
#include <assert.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->first[0] = true;
}

static void indent(struct json *j)
{
	if (j->pretty)
		fprintf(j->f, "\n%*s", 2 * j->depth, "");
}

/*
 * The length of the UTF-8 sequence at @p that JSON may carry as it is: a
 * valid sequence of a code point from U+00A0 on (U+0080 to U+009F are C1
 * control characters). 0 if there is none.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned int cp, i, n;

	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2, cp = *p & 0x1f;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3, cp = *p & 0x0f;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4, cp = *p & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, C1 controls. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp < 0xa0)
		return 0;
	return n;
}

/*
 * A JSON string. Control characters are escaped, and so is every byte
 * that is not part of valid UTF-8 (as the code point of its value), so
 * the document is always valid JSON and safe to print.
 */
static void quote(FILE *f, const char *s)
{
	const unsigned char *p;
	size_t n;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			n = *p >= 0x80 ? utf8_len(p) : 0;
			if (n) {
				fwrite(p, 1, n, f);
				p += n - 1;
			} else if (*p < 0x20 || *p >= 0x7f) {
				fprintf(f, "\\u%04x", *p);
			} else {
				fputc(*p, f);
			}
		}
	}
	fputc('"', f);
}

/* Start a member: separator, indentation and key. */
static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (j->depth)
		indent(j);
	if (key) {
		quote(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void open_level(struct json *j, const char *key, char open, char close)
{
	member(j, key);
	fputc(open, j->f);
	assert(j->depth + 1 < JSON_MAX_DEPTH);
	j->depth++;
	j->close[j->depth] = close;
	j->first[j->depth] = true;
}

void json_object(struct json *j, const char *key)
{
	open_level(j, key, '{', '}');
}

void json_array(struct json *j, const char *key)
{
	open_level(j, key, '[', ']');
}

void json_end(struct json *j)
{
	bool empty = j->first[j->depth];
	char c = j->close[j->depth];

	if (!j->depth)
		return;
	j->depth--;
	if (!empty)
		indent(j);
	fputc(c, j->f);
}

void json_string(struct json *j, const char *key, const char *s)
{
	if (!s) {
		json_null(j, key);
		return;
	}
	member(j, key);
	quote(j->f, s);
}

void json_uint(struct json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->f, "%llu", v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	while (j->depth)
		json_end(j);
	fputc('\n', j->f);
}
