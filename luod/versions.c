// SPDX-License-Identifier: GPL-2.0
/*
 * The table of serialization formats of one kernel. Each entry carries its
 * type and version as data, and its name must be "<type>-v<version>"
 * (decimal, so one name per version): the name is checked, never parsed.
 * Higher versions are newer.
 *
 * Lookups go through an index sorted by (type, version): every query is
 * a binary search, so negotiating two tables of n formats is O(n log n).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "versions.h"

int table_reserve(struct table *t, size_t n)
{
	struct entry *e;
	size_t cap;

	if (n > TABLE_MAX - t->count)
		return fail("more than %d formats (luod reads at most %d of a kernel)",
			    TABLE_MAX, TABLE_MAX);
	if (t->count + n <= t->cap)
		return 0;
	cap = t->cap ? t->cap : 16;
	while (cap < t->count + n)
		cap *= 2;
	e = reallocarray(t->entries, cap, sizeof(*e));
	if (!e)
		return fail("out of memory");
	t->entries = e;
	t->cap = cap;
	return 0;
}

bool type_ok(const char *type)
{
	size_t n = strnlen(type, COMPAT_LEN);
	size_t i;

	if (!n || n == COMPAT_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (type[i] < 0x21 || type[i] > 0x7e)
			return false;
	return true;
}

/* The checks of table_add() on the FLB types of @e. */
static int check_deps(const struct entry *e)
{
	unsigned int i;

	if (e->nflb > MAX_FLB_DEPS)
		return fail("%s: %u FLB types, more than %d", e->compatible,
			    e->nflb, MAX_FLB_DEPS);
	if (e->nflb && e->kind != KIND_FILE)
		return fail("%s: a %s format lists FLB types (only file handlers need them)",
			    e->compatible, kind_name(e->kind));
	for (i = 0; i < e->nflb; i++)
		if (!type_ok(e->flb_deps[i]))
			return fail("%s: FLB type %u is not a type name",
				    e->compatible, i);
	return 0;
}

int table_add(struct table *t, const struct entry *in)
{
	char name[COMPAT_LEN + 16];
	struct entry e = *in;

	if (!memchr(e.compatible, '\0', COMPAT_LEN))
		return fail("a compatible is not NUL-terminated");
	if (!type_ok(e.type))
		return fail("%s: bad type name", e.compatible);
	if (!e.version)
		return fail("%s: version 0", e.compatible);
	snprintf(name, sizeof(name), "%s-v%u", e.type, e.version);
	if (strcmp(name, e.compatible))
		return fail("%s: malformed: not \"<type>-v<version>\" of type %s version %u",
			    e.compatible, e.type, e.version);
	if (!kind_name(e.kind))
		return fail("%s: unknown kind %u", e.compatible, e.kind);
	if (check_deps(&e))
		return -1;
	if (!memchr(e.provider, '\0', PROVIDER_LEN))
		return fail("%s: provider is not NUL-terminated", e.compatible);
	if (!e.provider[0])
		strcpy(e.provider, PROVIDER_VMLINUX);
	e.caps &= CAP_MASK;
	e.listed_caps &= CAP_MASK;
	if (table_reserve(t, 1))
		return -1;
	t->entries[t->count++] = e;
	return 0;
}

static int by_type_version(const void *a, const void *b, void *entries)
{
	const struct entry *x = (const struct entry *)entries + *(const size_t *)a;
	const struct entry *y = (const struct entry *)entries + *(const size_t *)b;
	int c = strcmp(x->type, y->type);

	if (c)
		return c;
	return x->version < y->version ? -1 : x->version > y->version;
}

int table_seal(struct table *t)
{
	size_t i;

	free(t->index);
	t->index = calloc(t->count + 1, sizeof(*t->index));
	if (!t->index)
		return fail("out of memory");
	for (i = 0; i < t->count; i++)
		t->index[i] = i;
	qsort_r(t->index, t->count, sizeof(*t->index), by_type_version,
		t->entries);
	for (i = 1; i < t->count; i++) {
		const struct entry *a = &t->entries[t->index[i - 1]];
		const struct entry *b = &t->entries[t->index[i]];

		if (strcmp(a->type, b->type))
			continue;
		if (a->version == b->version)
			return fail("%s: listed twice", b->compatible);
		if (a->kind != b->kind)
			return fail("type %s: listed as %s (%s) and as %s (%s)",
				    a->type, kind_name(a->kind), a->compatible,
				    kind_name(b->kind), b->compatible);
	}
	return 0;
}

void table_free(struct table *t)
{
	free(t->entries);
	free(t->index);
	memset(t, 0, sizeof(*t));
}

/* The @i-th entry in (type, version) order. */
static const struct entry *nth(const struct table *t, size_t i)
{
	return &t->entries[t->index[i]];
}

/*
 * The entries of @type, ascending by version, are nth(*lo) to
 * nth(hi - 1); returns hi (== *lo if there are none).
 */
static size_t range(const struct table *t, const char *type, size_t *lo)
{
	size_t a = 0, b = t->index ? t->count : 0, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (strcmp(nth(t, m)->type, type) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (t->index && b < t->count && !strcmp(nth(t, b)->type, type))
		b++;
	return b;
}

const struct entry *table_find(const struct table *t, const char *type,
			       unsigned int version)
{
	size_t i, lo, hi = range(t, type, &lo);

	for (i = lo; i < hi; i++)
		if (nth(t, i)->version == version)
			return nth(t, i);
	return NULL;
}

bool table_unregistered(const struct table *t, const char *type,
			unsigned int caps)
{
	size_t i, lo, hi = range(t, type, &lo);

	for (i = lo; i < hi; i++)
		if (nth(t, i)->registered == 0 &&
		    (nth(t, i)->listed_caps & caps) == caps)
			return true;
	return false;
}

bool table_has_type(const struct table *t, const char *type)
{
	return table_kind(t, type) != 0;
}

unsigned int table_kind(const struct table *t, const char *type)
{
	size_t lo, hi = range(t, type, &lo);

	return lo < hi ? nth(t, lo)->kind : 0;
}

unsigned int table_selected(const struct table *t, const char *type)
{
	size_t i, lo, hi = range(t, type, &lo);

	for (i = lo; i < hi; i++)
		if (nth(t, i)->selected == 1)
			return nth(t, i)->version;
	return 0;
}

bool table_can(const struct table *t, const char *type, unsigned int version,
	       unsigned int caps)
{
	size_t i, lo, hi = range(t, type, &lo);

	for (i = lo; i < hi; i++)
		if (nth(t, i)->version == version &&
		    (nth(t, i)->caps & caps) == caps)
			return true;
	return false;
}

unsigned int table_newest(const struct table *t, const char *type,
			  unsigned int caps)
{
	size_t i, lo, hi = range(t, type, &lo);

	for (i = hi; i-- > lo;)
		if ((nth(t, i)->caps & caps) == caps)
			return nth(t, i)->version;
	return 0;
}

unsigned int table_newest_common(const struct table *w,
				 const struct table *r, const char *type)
{
	size_t i, lo, hi = range(w, type, &lo);

	for (i = hi; i-- > lo;)
		if ((nth(w, i)->caps & CAP_WRITE) &&
		    table_can(r, type, nth(w, i)->version, CAP_READ))
			return nth(w, i)->version;
	return 0;
}

size_t table_versions(const struct table *t, const char *type,
		      unsigned int caps, unsigned int *out, size_t max)
{
	size_t i, lo, hi = range(t, type, &lo), n = 0;

	for (i = lo; i < hi; i++) {
		if ((nth(t, i)->caps & caps) != caps)
			continue;
		if (n < max)
			out[n] = nth(t, i)->version;
		n++;
	}
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

void entry_deps_str(const struct entry *e, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < e->nflb && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					i ? " " : "", e->flb_deps[i]);
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

	for (c = 0; c <= CAP_MASK; c++)
		if (!strcmp(caps_names[c], s))
			return c;
	return -1;
}
