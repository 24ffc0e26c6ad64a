/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FLB types of a negotiation, which follow the file handlers.
 */
#ifndef LUOD_FLB_H
#define LUOD_FLB_H

#include <stdbool.h>

#include "negotiate.h"

/*
 * After the types in use are decided: decide the FLB types that their
 * chosen versions need, refuse a file type whose FLB cannot go or whose
 * FLB types differ in @n->to, list the FLB types nobody needs with @all,
 * and settle the pair's verdict and rule. The choices array is grown.
 */
int flb_follow(struct negotiation *n, bool all);

#endif
