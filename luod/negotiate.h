/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version negotiation between the kernel that writes the handover (from)
 * and the kernel that reads it (to). Every verdict names the rule that
 * decided it (RULE_*).
 */
#ifndef LUOD_NEGOTIATE_H
#define LUOD_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>

#include "versions.h"

/* The rules, as "rule" in JSON and at the start of every reason. */
#define RULE_COMMON	"newest common version"
#define RULE_CORE_OK	"core format read by the next kernel"
#define RULE_ONLY_TO	"only the next kernel knows it"
#define RULE_NOT_NEEDED	"no file type in use needs it"
#define RULE_NONE	"no common version"
#define RULE_UNREGISTERED "not registered in the running kernel"
#define RULE_CORE	"core format not readable by the next kernel"
#define RULE_DEPS	"FLB dependencies differ between the kernels"
/* A file type refused for an FLB: "needs FLB type <T>: <T's rule>". */
#define RULE_NEEDS_FLB	"needs FLB type"
/* Rules of a pair as a whole. */
#define RULE_PAIR_OK	"every type has a common version"
#define RULE_UNLISTED	"lists no live-update formats"
#define RULE_LEGACY	"section format 1: names collide with mainline's"
#define RULE_DISABLED	"live update is disabled in the running kernel"
/* update: the running kernel refuses the loaded kernel (CHECK_NEXT). */
#define RULE_KERNEL	"the running kernel's own verdict"

enum verdict {
	VERDICT_OK,		/* @version is written and read */
	VERDICT_REFUSED,	/* no common version: @reason */
	VERDICT_UNUSED,		/* nothing of the type is handed over */
};

struct choice {
	char type[COMPAT_LEN];
	unsigned int kind;
	enum verdict verdict;
	unsigned int version;	/* chosen version, 0 unless VERDICT_OK */
	unsigned int selected;	/* from's selected version, 0 if unknown */
	char rule[96];		/* the rule that decided */
	char reason[256];	/* the rule and why; "" when VERDICT_OK */
	/* A file type: the FLB types its chosen version needs. */
	char flbs[MAX_FLB_DEPS][COMPAT_LEN];
	unsigned int nflb;
	/* Who in @to reads the chosen version: "vmlinux" or a module. */
	char provider[PROVIDER_LEN];
};

struct negotiation {
	const struct table *from, *to;
	const char *from_name, *to_name;
	struct choice *choices;
	size_t count;
	bool compatible;	/* no choice is VERDICT_REFUSED, no @reason */
	/* The rule that decided the pair: its own, or the first refusal's. */
	char rule[160];
	/* Why the pair is refused as a whole ("" if it is not). */
	char reason[320];
};

/*
 * Choose, per type in use, the newest version @from can write and @to
 * can read; for the core types of @from, check that @to reads the one
 * @from writes (they are not selectable); for each FLB type that a
 * chosen file version needs (as @from lists it; @to must list the same),
 * the newest common version too, or the file type is refused for it.
 * Types in use: the @ntypes @types, and luod's manifest type if one of
 * them is a file type; with @all every file type of @from (then the FLBs
 * nobody needs are listed as unused). Types only @to knows are
 * VERDICT_UNUSED unless in use. A kernel that lists no formats, or only
 * in section format 1, refuses the pair as a whole, with no choices; so
 * does a running kernel with live update disabled. O(n log n) in the
 * size of the tables.
 */
int negotiate(struct negotiation *n, const struct table *from,
	      const char *from_name, const struct table *to,
	      const char *to_name, const char *const *types, size_t ntypes,
	      bool all);
void negotiation_free(struct negotiation *n);
const struct choice *negotiation_find(const struct negotiation *n,
				      const char *type);

const char *verdict_name(enum verdict v);

#endif
