// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict on one type. A file or FLB type goes in the newest version
 * the outgoing kernel writes and the incoming kernel reads. Core formats
 * (KHO's and LUO's own) are not chosen: the incoming kernel must read
 * the one the outgoing kernel writes. Anything else is refused, with the
 * rule and the reason spelled out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "choose.h"

void verdict(struct choice *c, enum verdict v, const char *rule,
	     const char *fmt, ...)
{
	size_t n;
	va_list ap;

	c->verdict = v;
	snprintf(c->rule, sizeof(c->rule), "%s", rule);
	if (v == VERDICT_OK) {
		c->reason[0] = '\0';
		return;
	}
	n = (size_t)snprintf(c->reason, sizeof(c->reason), "%s: ", rule);
	va_start(ap, fmt);
	if (n < sizeof(c->reason))
		vsnprintf(c->reason + n, sizeof(c->reason) - n, fmt, ap);
	va_end(ap);
}

/* "no common version: old writes v1, next reads v2". */
static void no_common(struct negotiation *n, struct choice *c,
		      const char *rule)
{
	char w[96], r[96];

	table_versions_str(n->from, c->type, CAP_WRITE, w, sizeof(w));
	table_versions_str(n->to, c->type, CAP_READ, r, sizeof(r));
	verdict(c, VERDICT_REFUSED, rule, "%s writes %s, %s reads %s",
		n->from_name, w, n->to_name, r);
}

/* Can @from write anything of @c's type? Else refuse @c, saying why. */
static bool writable(struct negotiation *n, struct choice *c)
{
	if (table_newest(n->from, c->type, CAP_WRITE))
		return true;
	if (table_unregistered(n->from, c->type, CAP_WRITE))
		verdict(c, VERDICT_REFUSED, RULE_UNREGISTERED,
			"%s lists it, but no handler of it is registered: it can write none of its versions now",
			n->from_name);
	else
		verdict(c, VERDICT_REFUSED, RULE_NONE,
			"%s cannot write any version of it", n->from_name);
	return false;
}

/* A file or FLB type: the newest version @from writes that @to reads. */
static void choose(struct negotiation *n, struct choice *c, bool in_use)
{
	const struct table *from = n->from, *to = n->to;
	bool in_from = table_has_type(from, c->type);
	bool in_to = table_has_type(to, c->type);

	if (!in_from && !in_to) {
		verdict(c, VERDICT_REFUSED, RULE_NONE,
			"neither %s nor %s knows it", n->from_name,
			n->to_name);
		return;
	}
	if (!in_from && !in_use) {
		verdict(c, VERDICT_UNUSED, RULE_ONLY_TO,
			"only %s knows it; nothing to hand over",
			n->to_name);
		return;
	}
	if (!in_from) {
		verdict(c, VERDICT_REFUSED, RULE_NONE,
			"%s does not know it", n->from_name);
		return;
	}
	if (!writable(n, c))
		return;
	if (!in_to) {
		verdict(c, VERDICT_REFUSED, RULE_NONE,
			"%s does not know it", n->to_name);
		return;
	}
	if (!table_newest(to, c->type, CAP_READ)) {
		verdict(c, VERDICT_REFUSED, RULE_NONE,
			"%s cannot read any version of it", n->to_name);
		return;
	}
	c->version = table_newest_common(from, to, c->type);
	if (c->version) {
		verdict(c, VERDICT_OK, RULE_COMMON, "%s", "");
		return;
	}
	no_common(n, c, RULE_NONE);
}

/*
 * A core type has one version per kernel, the one it writes (its
 * selected one, or the newest it writes): @to must read it.
 */
static void choose_core(struct negotiation *n, struct choice *c)
{
	unsigned int v = c->selected;

	if (!table_has_type(n->from, c->type)) {
		verdict(c, VERDICT_UNUSED, RULE_ONLY_TO,
			"only %s knows it; nothing to hand over",
			n->to_name);
		return;
	}
	if (!writable(n, c))
		return;
	if (!v || !table_can(n->from, c->type, v, CAP_WRITE))
		v = table_newest(n->from, c->type, CAP_WRITE);
	if (!table_has_type(n->to, c->type)) {
		verdict(c, VERDICT_REFUSED, RULE_CORE,
			"%s does not know it", n->to_name);
		return;
	}
	if (!table_can(n->to, c->type, v, CAP_READ)) {
		char r[96];

		table_versions_str(n->to, c->type, CAP_READ, r, sizeof(r));
		verdict(c, VERDICT_REFUSED, RULE_CORE,
			"%s writes v%u, %s reads %s", n->from_name, v,
			n->to_name, r);
		return;
	}
	c->version = v;
	verdict(c, VERDICT_OK, RULE_CORE_OK, "%s", "");
}

struct choice *decide(struct negotiation *n, const char *type, bool in_use,
		      unsigned int hint)
{
	struct choice *c = &n->choices[n->count++];
	const struct entry *e;

	memset(c, 0, sizeof(*c));
	snprintf(c->type, sizeof(c->type), "%s", type);
	c->kind = table_kind(n->from, type);
	if (!c->kind)
		c->kind = table_kind(n->to, type);
	if (!c->kind)
		c->kind = hint;
	c->selected = table_selected(n->from, type);
	if (c->kind == KIND_CORE)
		choose_core(n, c);
	else
		choose(n, c, in_use);
	e = c->verdict == VERDICT_OK ? table_find(n->to, type, c->version) : NULL;
	if (e)
		snprintf(c->provider, sizeof(c->provider), "%s", e->provider);
	return c;
}

