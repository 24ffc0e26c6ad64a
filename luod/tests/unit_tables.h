/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the unit tests of tables and negotiation. */
#ifndef LUOD_TESTS_UNIT_TABLES_H
#define LUOD_TESTS_UNIT_TABLES_H

#include "versions.h"

/*
 * An image's entry from "compat:kind:caps[:flb,flb]" (kind and caps as
 * numbers; type and version from the name).
 */
struct entry mk_entry(const char *spec);

#endif
