// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiating two kernels: which types matter (the core ones, those in
 * use, luod's manifest's), each decided by choose.c, then the FLBs they
 * need (flb.c); or the pair is refused as a whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choose.h"
#include "error.h"
#include "flb.h"
#include "manifest.h"
#include "negotiate.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
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
 * or with @all its file types (in use if @t is the source).
 */
static size_t pick(struct candidate *c, size_t n, const struct table *t,
		   const char *const *types, size_t ntypes, bool all,
		   bool source)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];
		bool file = all && e->kind == KIND_FILE;
		bool in_use = listed(types, ntypes, e->type) || (file && source);

		if (in_use || file || e->kind == KIND_CORE) {
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

/*
 * A kernel that lists no formats (or none that can be told apart from
 * other kernels'), or a running kernel with live update off, refuses
 * the pair as a whole.
 */
static bool whole_pair(struct negotiation *n)
{
	const char *rule = NULL;

	if (n->from->disabled[0]) {
		rule = RULE_DISABLED;
		snprintf(n->reason, sizeof(n->reason), "%s: %s", rule,
			 n->from->disabled);
	} else if (n->to->source == TABLE_UNLISTED) {
		rule = RULE_UNLISTED;
		snprintf(n->reason, sizeof(n->reason),
			 "%s lists no live-update formats, so a live update into it is refused",
			 n->to_name);
	} else if (n->from->source == TABLE_UNLISTED) {
		rule = RULE_UNLISTED;
		snprintf(n->reason, sizeof(n->reason),
			 "%s lists no live-update formats, so it cannot hand anything over",
			 n->from_name);
	} else if (n->to->source == TABLE_LEGACY ||
		   n->from->source == TABLE_LEGACY) {
		rule = RULE_LEGACY;
		snprintf(n->reason, sizeof(n->reason),
			 "%s: %s: its formats cannot be told apart from other kernels', so a live update %s it is refused",
			 n->to->source == TABLE_LEGACY ? n->to_name : n->from_name,
			 rule, n->to->source == TABLE_LEGACY ? "into" : "from");
	}
	if (!rule)
		return false;
	snprintf(n->rule, sizeof(n->rule), "%s", rule);
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
	if (whole_pair(n))
		return 0;

	for (i = 0; i < ntypes; i++) {
		unsigned int kind = table_kind(from, types[i]);

		if (!kind)
			kind = table_kind(to, types[i]);
		if (kind != KIND_CORE && kind != KIND_FLB)
			files = true;
	}
	files |= all && from->count;
	c = calloc(from->count + to->count + ntypes + 2, sizeof(*c));
	sorted = calloc(ntypes + 1, sizeof(*sorted));
	/* Room for every type of both, FLBs included. */
	n->choices = calloc(from->count + to->count + ntypes + 2,
			    sizeof(*n->choices));
	if (!c || !sorted || !n->choices)
		goto oom;
	if (ntypes) {
		memcpy(sorted, types, ntypes * sizeof(*types));
		qsort(sorted, ntypes, sizeof(*sorted), cmp_str);
	}

	k = pick(c, k, from, sorted, ntypes, all, true);
	k = pick(c, k, to, sorted, ntypes, all, false);
	for (i = 0; i < ntypes; i++, k++)
		c[k] = (struct candidate){ types[i], k, true };
	if (files) {
		c[k] = (struct candidate){ LUOD_MANIFEST_TYPE, k, true };
		k++;
	}
	k = unique(c, k);
	for (i = 0; i < k; i++)
		decide(n, c[i].type, c[i].in_use, KIND_FILE);
	free(c);
	free(sorted);
	return flb_follow(n, all);
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
