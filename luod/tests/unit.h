/* SPDX-License-Identifier: GPL-2.0 */
/*
 * luod's unit tests: CHECK records a failure and goes on; ASSERT records
 * it and ends the test (what follows would make no sense); CHECK_ERR
 * checks a call fails with a message that has some text.
 */
#ifndef LUOD_TESTS_UNIT_H
#define LUOD_TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

#include "error.h"

extern int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			failures++;					\
		}							\
	} while (0)

/* As CHECK, but the test stops here: in a void test function. */
#define ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "  %s:%d: ASSERT(%s) failed\n", \
				__FILE__, __LINE__, #cond);		\
			failures++;					\
			return;						\
		}							\
	} while (0)

#define CHECK_ERR(call, text)						\
	do {								\
		CHECK((call) < 0);					\
		if (!strstr(last_error(), text)) {			\
			fprintf(stderr, "  %s:%d: error \"%s\" lacks \"%s\"\n", \
				__FILE__, __LINE__, last_error(), text); \
			failures++;					\
		}							\
	} while (0)

/* unit_tables.c */
void test_entry(void);
void test_table(void);
void test_table_bounds(void);
void test_section(void);
/* unit_negotiate.c */
void test_negotiate(void);
/* unit_text.c */
void test_policy(void);
void test_manifest(void);
void test_json(void);
void test_escape(void);
void test_numbers(void);
/* unit_io.c */
void test_proto(void);
void test_decompress(void);
void test_snapshot(void);

#endif
