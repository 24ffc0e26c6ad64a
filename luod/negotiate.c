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

static bool listed(const char *const *types, size_t n, const char *type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(types[i], type))
			return true;
	return false;
}

static void choose(struct negotiation *n, struct choice *c, bool in_use)
{
	const struct table *from = n->from, *to = n->to;
	bool in_from = table_has_type(from, c->type);
	bool in_to = table_has_type(to, c->type);
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
	for (i = 0; i < from->count; i++) {
		const struct entry *e = &from->entries[i];

		if (!strcmp(e->type, c->type) && (e->caps & CAP_WRITE) &&
		    e->version > c->version &&
		    table_can(to, c->type, e->version, CAP_READ))
			c->version = e->version;
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

static int add(struct negotiation *n, const char *type, bool in_use)
{
	struct choice *c;

	if (negotiation_find(n, type))
		return 0;
	c = reallocarray(n->choices, n->count + 1, sizeof(*c));
	if (!c)
		return fail("out of memory");
	n->choices = c;
	c += n->count++;
	memset(c, 0, sizeof(*c));
	snprintf(c->type, sizeof(c->type), "%s", type);
	c->kind = table_kind(n->from, type);
	if (!c->kind)
		c->kind = table_kind(n->to, type);
	if (!c->kind)
		c->kind = KIND_FILE;
	c->selected = table_selected(n->from, type);
	choose(n, c, in_use);
	if (c->verdict == VERDICT_REFUSED)
		n->compatible = false;
	return 0;
}

/* Add the types of @t that the rules select. */
static int add_table(struct negotiation *n, const struct table *t,
		     const char *const *types, size_t ntypes, bool all,
		     bool files)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];
		bool in_use = all || listed(types, ntypes, e->type);

		if (in_use || e->kind == KIND_CORE ||
		    (files && e->kind == KIND_FLB))
			if (add(n, e->type, in_use))
				return -1;
	}
	return 0;
}

int negotiate(struct negotiation *n, const struct table *from,
	      const char *from_name, const struct table *to,
	      const char *to_name, const char *const *types, size_t ntypes,
	      bool all)
{
	bool files = false;
	size_t i;

	memset(n, 0, sizeof(*n));
	n->from = from;
	n->to = to;
	n->from_name = from_name;
	n->to_name = to_name;
	n->compatible = true;

	for (i = 0; i < ntypes; i++) {
		unsigned int kind = table_kind(from, types[i]);

		if (!kind)
			kind = table_kind(to, types[i]);
		if (kind != KIND_CORE && kind != KIND_FLB)
			files = true;
	}
	if (add_table(n, from, types, ntypes, all, all || files) ||
	    add_table(n, to, types, ntypes, all, all || files))
		goto err;
	for (i = 0; i < ntypes; i++)
		if (add(n, types[i], true))
			goto err;
	if (files && add(n, LUOD_MANIFEST_TYPE, true))
		goto err;
	return 0;
err:
	negotiation_free(n);
	return -1;
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
