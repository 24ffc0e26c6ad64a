// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of luod's pieces that need no kernel: names, the section
 * parser, negotiation, the policy, the manifest, JSON, escaping, strict
 * numbers, the protocol, decompression and image snapshots (unit_*.c).
 * Output: TAP, one "ok"/"not ok" line per test and the plan, then
 * "N passed, N failed".
 */
#include "compiler.h"
#include "unit.h"

int failures;

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "format entries", test_entry },
	{ "version table", test_table },
	{ "version table bounds", test_table_bounds },
	{ "section parser", test_section },
	{ "negotiation", test_negotiate },
	{ "policy", test_policy },
	{ "manifest", test_manifest },
	{ "json writer", test_json },
	{ "escaping", test_escape },
	{ "strict numbers", test_numbers },
	{ "protocol messages", test_proto },
	{ "decompression", test_decompress },
	{ "image snapshots", test_snapshot },
};

int main(void)
{
	int i, n = ARRAY_SIZE(tests), passed = 0;

	for (i = 0; i < n; i++) {
		int before = failures;

		tests[i].fn();
		printf("%s %d - %s\n", failures == before ? "ok" : "not ok",
		       i + 1, tests[i].name);
		passed += failures == before;
	}
	printf("1..%d\nunit: %d passed, %d failed\n", n, passed, n - passed);
	return passed == n ? 0 : 1;
}
