// SPDX-License-Identifier: GPL-2.0
/*
 * FLBs follow their handlers: a file goes out only with the FLB types
 * its format needs (as the outgoing kernel lists them), each in a version
 * both kernels share. FLB types no file in use needs do not matter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choose.h"
#include "error.h"
#include "flb.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The choice of @type among the @k sorted @byname indices, or NULL. */
static struct choice *find_sorted(struct negotiation *n, const size_t *byname,
				  size_t k, const char *type)
{
	size_t a = 0, b = k, m;
	int c;

	while (a < b) {
		m = a + (b - a) / 2;
		c = strcmp(n->choices[byname[m]].type, type);
		if (!c)
			return &n->choices[byname[m]];
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	return NULL;
}

static int by_choice_type(const void *a, const void *b, void *choices)
{
	const struct choice *c = choices;

	return strcmp(c[*(const size_t *)a].type, c[*(const size_t *)b].type);
}

/* The choices of @n, indices sorted by type: n->count of them. */
static size_t *index_choices(struct negotiation *n)
{
	size_t i, *idx = calloc(n->count + 1, sizeof(*idx));

	if (!idx)
		return NULL;
	for (i = 0; i < n->count; i++)
		idx[i] = i;
	qsort_r(idx, n->count, sizeof(*idx), by_choice_type, n->choices);
	return idx;
}

static bool has_dep(const struct entry *e, const char *type)
{
	unsigned int i;

	for (i = 0; i < e->nflb; i++)
		if (!strcmp(e->flb_deps[i], type))
			return true;
	return false;
}

/* One name, one layout: both kernels list the same FLB types for it. */
static bool same_deps(const struct entry *a, const struct entry *b)
{
	unsigned int i;

	if (a->nflb != b->nflb)
		return false;
	for (i = 0; i < a->nflb; i++)
		if (!has_dep(b, a->flb_deps[i]))
			return false;
	return true;
}

/*
 * The file choice @c (ok) takes the FLB types its version needs in
 * @from: each must be ok (among the @k choices of @byname), and @to must
 * list the same ones.
 */
static void take_flbs(struct negotiation *n, struct choice *c,
		      const size_t *byname, size_t k)
{
	const struct entry *fe = table_find(n->from, c->type, c->version);
	const struct entry *te = table_find(n->to, c->type, c->version);
	char a[256], b[256];
	unsigned int i;

	if (!fe)
		return;
	if (te && !same_deps(fe, te)) {
		entry_deps_str(fe, a, sizeof(a));
		entry_deps_str(te, b, sizeof(b));
		c->version = 0;
		verdict(c, VERDICT_REFUSED, RULE_DEPS,
			"%s needs \"%s\" in %s, \"%s\" in %s",
			fe->compatible, a, n->from_name, b, n->to_name);
		return;
	}
	memcpy(c->flbs, fe->flb_deps, sizeof(c->flbs));
	c->nflb = fe->nflb;
	for (i = 0; i < fe->nflb; i++) {
		const struct choice *f = find_sorted(n, byname, k,
						     fe->flb_deps[i]);
		char rule[sizeof(c->rule)];

		if (!f || f->verdict == VERDICT_OK)
			continue;
		snprintf(rule, sizeof(rule), "%s %s: %s", RULE_NEEDS_FLB,
			 f->type, f->rule);
		c->version = 0;
		verdict(c, VERDICT_REFUSED, rule, "%s",
			f->reason + strlen(f->rule) + 2);
		return;
	}
}

/* The FLB types the chosen file versions need, sorted, unique. */
static size_t needed_flbs(struct negotiation *n, const char ***out)
{
	const char **need;
	size_t i, m = 0, k = 0;
	unsigned int d;

	need = calloc(n->count * MAX_FLB_DEPS + 1, sizeof(*need));
	*out = need;
	if (!need)
		return 0;
	for (i = 0; i < n->count; i++) {
		const struct choice *c = &n->choices[i];
		const struct entry *e;

		if (c->kind != KIND_FILE || c->verdict != VERDICT_OK)
			continue;
		e = table_find(n->from, c->type, c->version);
		for (d = 0; e && d < e->nflb; d++)
			need[m++] = e->flb_deps[d];
	}
	qsort(need, m, sizeof(*need), cmp_str);
	for (i = 0; i < m; i++)
		if (!k || strcmp(need[k - 1], need[i]))
			need[k++] = need[i];
	return k;
}

/* With --all: the FLB types nobody needs are listed, unused. */
static int unneeded_flbs(struct negotiation *n, const size_t *byname,
			 size_t k)
{
	const struct table *t[2] = { n->from, n->to };
	const char **flbs;
	size_t i, j, m = 0, u = 0;

	flbs = calloc(n->from->count + n->to->count + 1, sizeof(*flbs));
	if (!flbs)
		return fail("out of memory");
	for (j = 0; j < 2; j++)
		for (i = 0; i < t[j]->count; i++)
			if (t[j]->entries[i].kind == KIND_FLB)
				flbs[m++] = t[j]->entries[i].type;
	qsort(flbs, m, sizeof(*flbs), cmp_str);
	for (i = 0; i < m; i++)
		if (!u || strcmp(flbs[u - 1], flbs[i]))
			flbs[u++] = flbs[i];
	for (i = 0; i < u; i++) {
		struct choice *c;

		if (find_sorted(n, byname, k, flbs[i]))
			continue;
		c = &n->choices[n->count++];
		memset(c, 0, sizeof(*c));
		snprintf(c->type, sizeof(c->type), "%s", flbs[i]);
		c->kind = KIND_FLB;
		c->selected = table_selected(n->from, flbs[i]);
		verdict(c, VERDICT_UNUSED, RULE_NOT_NEEDED,
			"nothing of it is handed over");
	}
	free(flbs);
	return 0;
}

/*
 * FLBs follow their handlers: decide the FLB types that the chosen file
 * versions need (unless decided already), refuse the file types whose
 * FLBs cannot go, then settle the pair.
 */
int flb_follow(struct negotiation *n, bool all)
{
	size_t i, k = n->count, m, *byname;
	const char **need;
	struct choice *grown;

	m = needed_flbs(n, &need);
	byname = index_choices(n);
	grown = need ? reallocarray(n->choices, k + m + n->from->count +
				    n->to->count + 1, sizeof(*grown)) : NULL;
	if (!need || !byname || !grown) {
		free(need);
		free(byname);
		return fail("out of memory");
	}
	n->choices = grown;
	for (i = 0; i < m; i++)
		if (!find_sorted(n, byname, k, need[i]))
			decide(n, need[i], true, KIND_FLB);
	free(byname);
	/* Index every choice now, FLBs included. */
	byname = index_choices(n);
	if (!byname) {
		free(need);
		return fail("out of memory");
	}
	for (i = 0; i < k; i++)
		if (n->choices[i].kind == KIND_FILE &&
		    n->choices[i].verdict == VERDICT_OK)
			take_flbs(n, &n->choices[i], byname, n->count);
	i = all ? (size_t)unneeded_flbs(n, byname, n->count) : 0;
	free(byname);
	free(need);
	if (i)
		return -1;
	for (i = 0; i < n->count; i++)
		if (n->choices[i].verdict == VERDICT_REFUSED && n->compatible) {
			n->compatible = false;
			snprintf(n->rule, sizeof(n->rule), "%s",
				 n->choices[i].rule);
		}
	if (n->compatible)
		snprintf(n->rule, sizeof(n->rule), "%s", RULE_PAIR_OK);
	return 0;
}

