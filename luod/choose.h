/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deciding one type of a negotiation (negotiate.h), for negotiate.c and
 * flb.c.
 */
#ifndef LUOD_CHOOSE_H
#define LUOD_CHOOSE_H

#include <stdbool.h>

#include "compiler.h"
#include "negotiate.h"

/* Decide @c: @v by @rule, the reason "<rule>: <fmt...>" (none if ok). */
void verdict(struct choice *c, enum verdict v, const char *rule,
	     const char *fmt, ...) __printf(4, 5);
/*
 * Decide @type into the next free choice of @n (the caller made room):
 * its kind is the tables' (@hint if neither knows it).
 */
struct choice *decide(struct negotiation *n, const char *type, bool in_use,
		      unsigned int hint);

#endif
