/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version negotiation between the kernel that writes the handover (from)
 * and the kernel that reads it (to).
 */
#ifndef LUOD_NEGOTIATE_H
#define LUOD_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>

#include "versions.h"

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
	char reason[192];
};

struct negotiation {
	const struct table *from, *to;
	const char *from_name, *to_name;
	struct choice *choices;
	size_t count;
	bool compatible;	/* no choice is VERDICT_REFUSED, no @reason */
	/* Why the pair is refused as a whole ("" if it is not). */
	char reason[256];
};

/*
 * Choose per type the newest version @from can write and @to can read.
 * The types negotiated: the core types of both kernels, the @ntypes
 * @types in use, and, if any of those is a file type, the FLBs of both
 * (the table does not say which handler an FLB belongs to) and the type
 * of luod's manifest (files never go without it); or with @all every type
 * of both. Types only @to knows are VERDICT_UNUSED unless in use.
 * A kernel without a .liveupdate_versions section (table.unlisted)
 * refuses the pair as a whole, with no choices. O(n log n) in the size
 * of the tables.
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
