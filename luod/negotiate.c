// SPDX-License-Identifier: GPL-2.0
/*
 * For one type the outgoing kernel must write a version the incoming
 * kernel can read; of those, the newest wins. Anything else is refused,
 * with the reason spelled out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "manifest.h"
#include "negotiate.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void choose(struct negotiation *n, struct choice *c, bool in_use)
{
	const struct table *from = n->from, *to = n->to;
	bool in_from = table_has_type(from, c->type);
	bool in_to = table_has_type(to, c->type);
	unsigned int v[TABLE_MAX];
	char w[96], r[96];
	size_t i;

	c->verdict = VERDICT_REFUSED;
	if (!in_from && !in_to) {
		snprintf(c->reason, sizeof(c->reason),
			 "neither %s nor %s knows it", n->from_name,
			 n->to_name);
		return;
	}
	if (!in_from) {
		snprintf(c->reason, sizeof(c->reason), "%s does not know it",
			 n->from_name);
		if (!in_use) {
			c->verdict = VERDICT_UNUSED;
			snprintf(c->reason, sizeof(c->reason),
				 "only %s knows it; nothing to hand over",
				 n->to_name);
		}
		return;
	}
	if (!table_newest(from, c->type, CAP_WRITE)) {
		snprintf(c->reason, sizeof(c->reason),
			 "%s cannot write any version of it", n->from_name);
		return;
	}
	if (!in_to) {
		snprintf(c->reason, sizeof(c->reason), "%s does not know it",
			 n->to_name);
		return;
	}
	if (!table_newest(to, c->type, CAP_READ)) {
		snprintf(c->reason, sizeof(c->reason),
			 "%s cannot read any version of it", n->to_name);
		return;
	}
	/* The newest version from writes that to reads. */
	for (i = table_versions(from, c->type, CAP_WRITE, v, TABLE_MAX); i--;)
		if (table_can(to, c->type, v[i], CAP_READ)) {
			c->version = v[i];
			break;
		}
	if (c->version) {
		c->verdict = VERDICT_OK;
		return;
	}
	table_versions_str(from, c->type, CAP_WRITE, w, sizeof(w));
	table_versions_str(to, c->type, CAP_READ, r, sizeof(r));
	snprintf(c->reason, sizeof(c->reason),
		 "no common version: %s writes %s, %s reads %s",
		 n->from_name, w, n->to_name, r);
}

/* A type to negotiate, and where it first came from. */
struct candidate {
	const char *type;
	size_t order;
	bool in_use;
};

static int by_type_order(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	int c = strcmp(x->type, y->type);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int by_order(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Is @type one of the @n sorted @types? */
static bool listed(const char *const *types, size_t n, const char *type)
{
	return bsearch(&type, types, n, sizeof(*types), cmp_str) != NULL;
}

/*
 * The types of @t that the rules select, appended to @c: in use, core,
 * or (with @files) FLBs.
 */
static size_t pick(struct candidate *c, size_t n, const struct table *t,
		   const char *const *types, size_t ntypes, bool all,
		   bool files)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];
		bool in_use = all || listed(types, ntypes, e->type);

		if (in_use || e->kind == KIND_CORE ||
		    (files && e->kind == KIND_FLB)) {
			c[n] = (struct candidate){ e->type, n, in_use };
			n++;
		}
	}
	return n;
}

/* Sort @c by type, merge the duplicates, then back to first-seen order. */
static size_t unique(struct candidate *c, size_t n)
{
	size_t i, k = 0;

	qsort(c, n, sizeof(*c), by_type_order);
	for (i = 0; i < n; i++) {
		if (k && !strcmp(c[k - 1].type, c[i].type))
			c[k - 1].in_use |= c[i].in_use;
		else
			c[k++] = c[i];
	}
	qsort(c, k, sizeof(*c), by_order);
	return k;
}

static void decide(struct negotiation *n, struct choice *c,
		   const struct candidate *t)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->type, sizeof(c->type), "%s", t->type);
	c->kind = table_kind(n->from, t->type);
	if (!c->kind)
		c->kind = table_kind(n->to, t->type);
	if (!c->kind)
		c->kind = KIND_FILE;
	c->selected = table_selected(n->from, t->type);
	choose(n, c, t->in_use);
	if (c->verdict == VERDICT_REFUSED)
		n->compatible = false;
}

/* A kernel that lists no formats refuses the pair as a whole. */
static bool unlisted(struct negotiation *n)
{
	if (n->to->unlisted)
		snprintf(n->reason, sizeof(n->reason),
			 "%s lists no live-update formats, so a live update into it is refused",
			 n->to_name);
	else if (n->from->unlisted)
		snprintf(n->reason, sizeof(n->reason),
			 "%s lists no live-update formats, so it cannot hand anything over",
			 n->from_name);
	else
		return false;
	n->compatible = false;
	return true;
}

int negotiate(struct negotiation *n, const struct table *from,
	      const char *from_name, const struct table *to,
	      const char *to_name, const char *const *types, size_t ntypes,
	      bool all)
{
	struct candidate *c = NULL;
	const char **sorted = NULL;
	bool files = false;
	size_t i, k = 0;

	memset(n, 0, sizeof(*n));
	n->from = from;
	n->to = to;
	n->from_name = from_name;
	n->to_name = to_name;
	n->compatible = true;
	if (unlisted(n))
		return 0;

	for (i = 0; i < ntypes; i++) {
		unsigned int kind = table_kind(from, types[i]);

		if (!kind)
			kind = table_kind(to, types[i]);
		if (kind != KIND_CORE && kind != KIND_FLB)
			files = true;
	}
	c = calloc(from->count + to->count + ntypes + 2, sizeof(*c));
	sorted = calloc(ntypes + 1, sizeof(*sorted));
	if (!c || !sorted)
		goto oom;
	if (ntypes) {
		memcpy(sorted, types, ntypes * sizeof(*types));
		qsort(sorted, ntypes, sizeof(*sorted), cmp_str);
	}

	k = pick(c, k, from, sorted, ntypes, all, all || files);
	k = pick(c, k, to, sorted, ntypes, all, all || files);
	for (i = 0; i < ntypes; i++, k++)
		c[k] = (struct candidate){ types[i], k, true };
	if (files) {
		c[k] = (struct candidate){ LUOD_MANIFEST_TYPE, k, true };
		k++;
	}
	k = unique(c, k);

	n->choices = calloc(k + 1, sizeof(*n->choices));
	if (!n->choices)
		goto oom;
	for (i = 0; i < k; i++)
		decide(n, &n->choices[i], &c[i]);
	n->count = k;
	free(c);
	free(sorted);
	return 0;
oom:
	free(c);
	free(sorted);
	return fail("out of memory");
}

void negotiation_free(struct negotiation *n)
{
	free(n->choices);
	n->choices = NULL;
	n->count = 0;
}

const struct choice *negotiation_find(const struct negotiation *n,
				      const char *type)
{
	size_t i;

	for (i = 0; i < n->count; i++)
		if (!strcmp(n->choices[i].type, type))
			return &n->choices[i];
	return NULL;
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = {
		[VERDICT_OK] = "ok",
		[VERDICT_REFUSED] = "refused",
		[VERDICT_UNUSED] = "unused",
	};

	return names[v];
}
