// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of negotiation: the newest common version, core formats
 * that must be readable, FLBs that follow their handlers, handlers not
 * registered, and pairs refused as a whole; each verdict with its rule.
 */
#include <stdlib.h>

#include "negotiate.h"
#include "unit.h"
#include "unit_tables.h"

/* A table from specs of mk_entry(); "!" before one: not registered. */
static void mk(struct table *t, const char *const *specs)
{
	memset(t, 0, sizeof(*t));
	for (; *specs; specs++) {
		struct entry e = mk_entry(**specs == '!' ? *specs + 1 : *specs);

		if (**specs == '!') {
			e.registered = 0;
			e.caps = 0;
		}
		if (table_add(t, &e))
			fprintf(stderr, "  bad spec %s: %s\n", *specs, last_error());
	}
	if (table_seal(t))
		fprintf(stderr, "  bad table: %s\n", last_error());
}

static const struct choice *choice(const struct negotiation *n,
				   const char *type)
{
	static const struct choice none = { .verdict = -1 };
	const struct choice *c = negotiation_find(n, type);

	return c ? c : &none;
}

#define CORE	"vlu-kho-v1:1:3", "vlu-luo-v1:1:3"
#define FLB	"vlu-test-flb"

static const char *const old_spec[] = { CORE, "vlu-memfd-v1:2:3",
	"vlu-test-v1:2:3:" FLB, FLB "-v1:3:3", NULL };
static const char *const new_spec[] = { CORE, "vlu-memfd-v1:2:3",
	"vlu-memfd-v2:2:3", "vlu-test-v1:2:3:" FLB, "vlu-test-v2:2:3:" FLB,
	FLB "-v1:3:3", FLB "-v2:3:3", "vlu-orphan-flb-v1:3:3", NULL };
static const char *const next_spec[] = { CORE, "vlu-memfd-v2:2:3",
	"vlu-test-v2:2:3:" FLB, "vlu-test-v3:2:3:" FLB, FLB "-v3:3:3", NULL };

static void basics(const struct table *old, const struct table *new,
		   const struct table *next)
{
	const char *memfd[] = { "vlu-memfd" };
	struct negotiation n;

	/* old -> new: vlu-memfd v1 is the only common version. */
	CHECK(!negotiate(&n, old, "old", new, "new", memfd, 1, false));
	CHECK(n.compatible && !strcmp(n.rule, RULE_PAIR_OK));
	CHECK(choice(&n, "vlu-memfd")->verdict == VERDICT_OK &&
	      choice(&n, "vlu-memfd")->version == 1 &&
	      !strcmp(choice(&n, "vlu-memfd")->rule, RULE_COMMON));
	CHECK(choice(&n, "vlu-kho")->version == 1 &&
	      !strcmp(choice(&n, "vlu-kho")->rule, RULE_CORE_OK));
	/* No file needs the FLBs: they are not negotiated. */
	CHECK(!negotiation_find(&n, FLB) && !negotiation_find(&n, "vlu-test"));
	negotiation_free(&n);

	/* old -> next: refused, with the rule and the versions. */
	CHECK(!negotiate(&n, old, "old", next, "next", memfd, 1, false));
	CHECK(!n.compatible && !strcmp(n.rule, RULE_NONE));
	CHECK(choice(&n, "vlu-memfd")->verdict == VERDICT_REFUSED);
	CHECK(!strcmp(choice(&n, "vlu-memfd")->reason,
		      "no common version: old writes v1, next reads v2"));
	negotiation_free(&n);

	/* Without files in use, only the core formats matter. */
	CHECK(!negotiate(&n, old, "old", next, "next", NULL, 0, false));
	CHECK(n.compatible && !negotiation_find(&n, "vlu-memfd"));
	negotiation_free(&n);

	/* A type nobody knows; files bring luod's manifest (a memfd). */
	{
		const char *odd[] = { "odd" };

		CHECK(!negotiate(&n, old, "old", new, "new", odd, 1, false));
		CHECK(strstr(choice(&n, "odd")->reason, "neither old nor new"));
		CHECK(choice(&n, "vlu-memfd")->version == 1);
		negotiation_free(&n);
	}
}

static void flbs(const struct table *old, const struct table *new,
		 const struct table *next)
{
	const char *test[] = { "vlu-test" };
	const struct choice *c;
	struct negotiation n;

	/* new -> new: vlu-test v2 takes vlu-test-flb v2 along. */
	CHECK(!negotiate(&n, new, "new", new, "new", test, 1, false));
	c = choice(&n, "vlu-test");
	CHECK(n.compatible && c->version == 2 && c->nflb == 1 &&
	      !strcmp(c->flbs[0], FLB));
	CHECK(choice(&n, FLB)->verdict == VERDICT_OK &&
	      choice(&n, FLB)->version == 2);
	/* An FLB nobody needs is no matter. */
	CHECK(!negotiation_find(&n, "vlu-orphan-flb"));
	negotiation_free(&n);

	/* new -> next: vlu-test v2 is common, its FLB is not. */
	CHECK(!negotiate(&n, new, "new", next, "next", test, 1, false));
	c = choice(&n, "vlu-test");
	CHECK(!n.compatible && c->verdict == VERDICT_REFUSED);
	CHECK(!strcmp(c->rule, "needs FLB type vlu-test-flb: no common version"));
	CHECK(!strcmp(c->reason, "needs FLB type vlu-test-flb: no common version: new writes v1,v2, next reads v3"));
	CHECK(choice(&n, FLB)->verdict == VERDICT_REFUSED);
	/* Memfds alone go: the FLB is not needed then. */
	negotiation_free(&n);
	{
		const char *memfd[] = { "vlu-memfd" };

		CHECK(!negotiate(&n, new, "new", next, "next", memfd, 1, false));
		CHECK(n.compatible && !negotiation_find(&n, FLB));
		negotiation_free(&n);
	}

	/* --all: every file type of the source is in use; unneeded FLBs listed. */
	CHECK(!negotiate(&n, new, "new", new, "new", NULL, 0, true));
	CHECK(n.compatible);
	CHECK(choice(&n, "vlu-orphan-flb")->verdict == VERDICT_UNUSED &&
	      !strcmp(choice(&n, "vlu-orphan-flb")->rule, RULE_NOT_NEEDED));
	negotiation_free(&n);
	CHECK(!negotiate(&n, old, "old", new, "new", NULL, 0, true));
	CHECK(n.compatible && choice(&n, "vlu-test")->version == 1 &&
	      choice(&n, FLB)->version == 1);
	negotiation_free(&n);
	CHECK(!negotiate(&n, next, "next", new, "new", NULL, 0, true));
	CHECK(!n.compatible && !strcmp(choice(&n, "vlu-test")->rule,
				       "needs FLB type vlu-test-flb: no common version"));
	negotiation_free(&n);
}

static void rules(const struct table *old, const struct table *new)
{
	static const char *const odd_deps[] = { CORE, "vlu-test-v2:2:3:vlu-other",
		FLB "-v2:3:3", "vlu-other-v1:3:3", NULL };
	static const char *const luo2[] = { "vlu-kho-v1:1:3", "vlu-luo-v2:1:3",
		"vlu-memfd-v1:2:3", NULL };
	static const char *const off[] = { CORE, "vlu-memfd-v1:2:3",
		"!vlu-test-v1:2:3:" FLB, "!vlu-test-v2:2:3:" FLB, "!" FLB "-v1:3:3",
		NULL };
	const char *test[] = { "vlu-test" };
	struct table t, u;
	struct negotiation n;

	/* One name, one layout: the same format needs the same FLBs. */
	mk(&t, odd_deps);
	CHECK(!negotiate(&n, new, "new", &t, "odd", test, 1, false));
	CHECK(!strcmp(choice(&n, "vlu-test")->rule, RULE_DEPS));
	CHECK(strstr(choice(&n, "vlu-test")->reason,
		     "vlu-test-v2 needs \"vlu-test-flb\" in new, \"vlu-other\" in odd"));
	negotiation_free(&n);
	table_free(&t);

	/* Core formats are not chosen: the next kernel must read them. */
	mk(&t, luo2);
	CHECK(!negotiate(&n, old, "old", &t, "luo2", NULL, 0, false));
	CHECK(!n.compatible && !strcmp(n.rule, RULE_CORE));
	CHECK(!strcmp(choice(&n, "vlu-luo")->reason,
		      "core format not readable by the next kernel: old writes v1, luo2 reads v2"));
	negotiation_free(&n);
	table_free(&t);

	/* A handler listed but not registered can write nothing now. */
	mk(&u, off);
	CHECK(!negotiate(&n, &u, "running", new, "new", test, 1, false));
	CHECK(!strcmp(choice(&n, "vlu-test")->rule, RULE_UNREGISTERED));
	negotiation_free(&n);
	table_free(&u);

	/* Pairs refused as a whole: no choices. */
	{
		struct table none = { .source = TABLE_UNLISTED };
		struct table legacy = { .source = TABLE_LEGACY };
		struct table down = { .disabled = "liveupdate=off" };

		CHECK(!negotiate(&n, old, "old", &none, "plain", test, 1, false));
		CHECK(!n.compatible && n.count == 0 && !strcmp(n.rule, RULE_UNLISTED) &&
		      strstr(n.reason, "plain lists no live-update formats, so a live update into it is refused"));
		negotiation_free(&n);
		CHECK(!negotiate(&n, &none, "plain", old, "old", NULL, 0, false));
		CHECK(!n.compatible && strstr(n.reason, "cannot hand anything over"));
		negotiation_free(&n);
		CHECK(!negotiate(&n, old, "old", &legacy, "v1", NULL, 0, false));
		CHECK(!n.compatible && !strcmp(n.rule, RULE_LEGACY) &&
		      strstr(n.reason, "cannot be told apart from other kernels'"));
		negotiation_free(&n);
		CHECK(!negotiate(&n, &down, "running", old, "old", NULL, 0, false));
		CHECK(!n.compatible && !strcmp(n.rule, RULE_DISABLED) &&
		      strstr(n.reason, "liveupdate=off"));
		negotiation_free(&n);
	}
}

void test_negotiate(void)
{
	struct table old, new, next;

	mk(&old, old_spec);
	mk(&new, new_spec);
	mk(&next, next_spec);
	basics(&old, &new, &next);
	flbs(&old, &new, &next);
	rules(&old, &new);
	table_free(&old);
	table_free(&new);
	table_free(&next);
}
