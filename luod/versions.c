// SPDX-License-Identifier: GPL-2.0
/*
 * The table of serialization formats of one kernel, and the rules of the
 * "<type>-v<N>" names: the type is everything before the last "-v", the
 * version the decimal integer after it, and higher is newer.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "versions.h"

int compat_split(const char *compatible, char *type, unsigned int *version)
{
	const char *v = NULL, *p;
	unsigned long n = 0;

	for (p = compatible; *p; p++) {
		if (*p < 0x21 || *p > 0x7e)
			return fail("bad compatible \"%s\": not printable",
				    compatible);
		if (p[0] == '-' && p[1] == 'v')
			v = p;
	}
	if (p - compatible >= COMPAT_LEN)
		return fail("bad compatible \"%s\": longer than %d bytes",
			    compatible, COMPAT_LEN - 1);
	if (!v || v == compatible || !v[2])
		return fail("bad compatible \"%s\": not \"<type>-v<N>\"",
			    compatible);
	for (p = v + 2; *p; p++) {
		if (*p < '0' || *p > '9')
			return fail("bad compatible \"%s\": version is not a number",
				    compatible);
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > UINT_MAX)
			return fail("bad compatible \"%s\": version too large",
				    compatible);
	}
	if (!n)
		return fail("bad compatible \"%s\": version 0", compatible);
	memcpy(type, compatible, (size_t)(v - compatible));
	type[v - compatible] = '\0';
	*version = (unsigned int)n;
	return 0;
}

int table_add(struct table *t, const char *compatible, unsigned int kind,
	      unsigned int caps, int selected)
{
	struct entry e = { .kind = kind, .caps = caps & CAP_MASK,
			   .selected = selected };
	struct entry *n;
	size_t i;

	if (compat_split(compatible, e.type, &e.version))
		return -1;
	if (!kind_name(kind))
		return fail("%s: unknown kind %u", compatible, kind);
	for (i = 0; i < t->count; i++)
		if (!strcmp(t->entries[i].compatible, compatible))
			return fail("%s: listed twice", compatible);
	strcpy(e.compatible, compatible);

	n = reallocarray(t->entries, t->count + 1, sizeof(*n));
	if (!n)
		return fail("out of memory");
	n[t->count++] = e;
	t->entries = n;
	return 0;
}

void table_free(struct table *t)
{
	free(t->entries);
	t->entries = NULL;
	t->count = 0;
}

bool table_has_type(const struct table *t, const char *type)
{
	return table_kind(t, type) != 0;
}

unsigned int table_kind(const struct table *t, const char *type)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (!strcmp(t->entries[i].type, type))
			return t->entries[i].kind;
	return 0;
}

unsigned int table_selected(const struct table *t, const char *type)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (!strcmp(t->entries[i].type, type) &&
		    t->entries[i].selected == 1)
			return t->entries[i].version;
	return 0;
}

bool table_can(const struct table *t, const char *type, unsigned int version,
	       unsigned int caps)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		if (!strcmp(e->type, type) && e->version == version &&
		    (e->caps & caps) == caps)
			return true;
	}
	return false;
}

unsigned int table_newest(const struct table *t, const char *type,
			  unsigned int caps)
{
	unsigned int best = 0;
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		if (!strcmp(e->type, type) && (e->caps & caps) == caps &&
		    e->version > best)
			best = e->version;
	}
	return best;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

size_t table_versions(const struct table *t, const char *type,
		      unsigned int caps, unsigned int *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		if (strcmp(e->type, type) || (e->caps & caps) != caps)
			continue;
		if (n < max)
			out[n] = e->version;
		n++;
	}
	qsort(out, n < max ? n : max, sizeof(*out), cmp_uint);
	return n;
}

void table_versions_str(const struct table *t, const char *type,
			unsigned int caps, char *buf, size_t len)
{
	unsigned int v[32];
	size_t i, n, off = 0;

	n = table_versions(t, type, caps, v, 32);
	if (!n) {
		snprintf(buf, len, "none");
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < n && i < 32 && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%sv%u",
					i ? "," : "", v[i]);
}

static const char *const kinds[] = {
	[KIND_CORE] = "core",
	[KIND_FILE] = "file",
	[KIND_FLB] = "flb",
};

const char *kind_name(unsigned int kind)
{
	return kind < ARRAY_SIZE(kinds) ? kinds[kind] : NULL;
}

unsigned int kind_parse(const char *s)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++)
		if (kinds[k] && !strcmp(kinds[k], s))
			return k;
	return 0;
}

static const char *const caps_names[] = {
	[0] = "-",
	[CAP_READ] = "r",
	[CAP_WRITE] = "w",
	[CAP_READ | CAP_WRITE] = "rw",
};

const char *caps_name(unsigned int caps)
{
	return caps_names[caps & CAP_MASK];
}

int caps_parse(const char *s)
{
	int c;

	for (c = CAP_READ; c <= CAP_MASK; c++)
		if (!strcmp(caps_names[c], s))
			return c;
	return -1;
}
