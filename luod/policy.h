/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The update policy: which types and sessions are optional. Everything
 * else is mandatory.
 */
#ifndef LUOD_POLICY_H
#define LUOD_POLICY_H

#include <stdbool.h>
#include <stddef.h>

struct policy {
	char **types;
	size_t ntypes;
	char **sessions;
	size_t nsessions;
};

/*
 * Parse a policy: one rule a line, '#' starts a comment.
 *
 *   optional type <type>
 *   optional session <name>
 */
int policy_parse(struct policy *p, const char *text, const char *name);
void policy_free(struct policy *p);
bool policy_optional_type(const struct policy *p, const char *type);
bool policy_optional_session(const struct policy *p, const char *session);

#endif
