// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the policy, the manifest, JSON, escaping, strict numbers.
 */
#include <limits.h>
#include <stdlib.h>

#include "escape.h"
#include "json.h"
#include "manifest.h"
#include "number.h"
#include "policy.h"
#include "unit.h"

void test_policy(void)
{
	struct policy p;

	CHECK(!policy_parse(&p, "# comment\n\noptional type memfd  # why\n"
			    "optional session cache\n", "p"));
	CHECK(policy_optional_type(&p, "memfd"));
	CHECK(!policy_optional_type(&p, "cache"));
	CHECK(policy_optional_session(&p, "cache"));
	policy_free(&p);
	CHECK_ERR(policy_parse(&p, "optional type\n", "p"), "p:1:");
	CHECK_ERR(policy_parse(&p, "\n\noptional file x\n", "p"),
		  "p:3: \"file\" is neither");
	CHECK_ERR(policy_parse(&p, "mandatory type x\n", "p"), "p:1:");
	CHECK_ERR(policy_parse(&p, "optional type x y\n", "p"), "p:1:");
}

void test_manifest(void)
{
	struct held a = { "vm", 7, "memfd", 3, 1000 },
		    b = { "db", 18446744073709551615ULL, "memfd", 4, 0 };
	const struct held *list[] = { &a, &b };
	struct held *back;
	size_t len, n;
	char *text;
	FILE *f;

	f = open_memstream(&text, &len);
	manifest_print(f, list, 2);
	fclose(f);
	CHECK(!strcmp(text, "luod-manifest 2\nfile vm 7 memfd 1000\n"
		      "file db 18446744073709551615 memfd 0\n"));
	CHECK(!manifest_parse(text, &back, &n));
	ASSERT(n == 2);
	CHECK(!strcmp(back[0].session, "vm") && back[0].token == 7 &&
	      back[0].fd == -1 && back[0].owner == 1000);
	CHECK(back[1].token == 18446744073709551615ULL && back[1].owner == 0);
	free(back);
	free(text);
	/* Version 1, without owners: root's. */
	CHECK(!manifest_parse("luod-manifest 1\nfile vm 1 memfd\n", &back, &n));
	CHECK(n == 1 && back[0].owner == 0);
	free(back);
	CHECK_ERR(manifest_parse("luod-manifest 1\nfile vm 1 memfd 5\n", &back, &n),
		  "manifest:2");
	CHECK_ERR(manifest_parse("luod-manifest 2\nfile vm 1 memfd\n", &back, &n),
		  "manifest:2");
	CHECK_ERR(manifest_parse("luod-manifest 2\nfile vm 1 memfd -1\n", &back, &n),
		  "manifest:2");
	CHECK_ERR(manifest_parse("luod-manifest 3\n", &back, &n), "not a");
	CHECK_ERR(manifest_parse("luod-manifest 1\nfile vm x memfd\n", &back, &n),
		  "manifest:2");
	CHECK_ERR(manifest_parse("luod-manifest 1\nfile vm 1\n", &back, &n),
		  "manifest:2");
	CHECK(!manifest_parse("luod-manifest 1\n", &back, &n) && n == 0);
	free(back);
	CHECK(session_name_ok("vm-1") && !session_name_ok("") &&
	      !session_name_ok("a b"));
}

void test_json(void)
{
	struct json j;
	size_t len;
	char *text;
	FILE *f;

	f = open_memstream(&text, &len);
	json_init(&j, f, false);
	json_object(&j, NULL);
	json_string(&j, "s", "a\"b\\c\n\x01");
	json_array(&j, "a");
	json_uint(&j, NULL, 1);
	json_bool(&j, NULL, true);
	json_null(&j, NULL);
	json_end(&j);
	json_array(&j, "e");
	json_end(&j);
	json_finish(&j);
	fclose(f);
	CHECK(!strcmp(text, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"a\":[1,true,null],\"e\":[]}\n"));
	free(text);

	/* Valid UTF-8 stays; bytes that are not, and C1 controls, do not. */
	f = open_memstream(&text, &len);
	json_init(&j, f, false);
	json_string(&j, NULL, "\xc3\xa9\xe2\x82\xac|\xff|\xc2\x9b|\xc3|\x1b[2J|\x7f");
	fclose(f);
	CHECK(!strcmp(text, "\"\xc3\xa9\xe2\x82\xac|\\u00ff|\\u00c2\\u009b|\\u00c3|\\u001b[2J|\\u007f\""));
	free(text);
}

/* What reaches a terminal: printable ASCII only. */
void test_escape(void)
{
	static const char *in = "vm\n\x1b[31mluod: forged\t\\\xc3\xa9\x7f";
	static const char *out = "vm\\n\\x1b[31mluod: forged\\t\\\\\\xc3\\xa9\\x7f";
	size_t len;
	char *text;
	FILE *f;

	f = open_memstream(&text, &len);
	esc_put(f, in);
	fclose(f);
	CHECK(!strcmp(text, out));
	CHECK(esc_len(in) == strlen(out));
	free(text);
	f = open_memstream(&text, &len);
	esc_pad(f, "a\x01", 8);
	fputc('|', f);
	esc_lines(f, "one\ntwo\x1b\\x\n");
	fclose(f);
	CHECK(!strcmp(text, "a\\x01   |one\ntwo\\x1b\\x\n"));
	free(text);
}

void test_numbers(void)
{
	unsigned long long v = 7;

	CHECK(!parse_uint("0", 10, &v) && v == 0);
	CHECK(!parse_uint("18446744073709551615", ULLONG_MAX, &v) &&
	      v == ULLONG_MAX);
	CHECK(parse_uint("18446744073709551616", ULLONG_MAX, &v));
	CHECK(!parse_uint("255", 255, &v) && v == 255);
	CHECK(parse_uint("256", 255, &v));
	CHECK(parse_uint("abc", 255, &v) && parse_uint("", 255, &v) &&
	      parse_uint("12abc", 255, &v) && parse_uint(" 1", 255, &v) &&
	      parse_uint("-1", 255, &v) && parse_uint("+1", 255, &v) &&
	      parse_uint("0x10", 255, &v) && parse_uint(NULL, 255, &v));
}
