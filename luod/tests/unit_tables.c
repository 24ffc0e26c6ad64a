// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: format names, version tables, the section parser and
 * negotiation.
 */
#include <endian.h>
#include <stdint.h>
#include <stdlib.h>

#include "negotiate.h"
#include "section.h"
#include "unit.h"
#include "versions.h"

void test_compat(void)
{
	char type[COMPAT_LEN];
	unsigned int v;

	CHECK(!compat_split("memfd-v2", type, &v));
	CHECK(!strcmp(type, "memfd") && v == 2);
	CHECK(!compat_split("a-very-long-v-name-v17", type, &v));
	CHECK(!strcmp(type, "a-very-long-v-name") && v == 17);
	CHECK_ERR(compat_split("memfd", type, &v), "not \"<type>-v<N>\"");
	CHECK_ERR(compat_split("-v1", type, &v), "not \"<type>-v<N>\"");
	CHECK_ERR(compat_split("memfd-v", type, &v), "not \"<type>-v<N>\"");
	CHECK_ERR(compat_split("memfd-v1a", type, &v), "not a number");
	CHECK_ERR(compat_split("memfd-v0", type, &v), "version 0");
	CHECK_ERR(compat_split("memfd-v01", type, &v), "leading zero");
	CHECK_ERR(compat_split("memfd-v99999999999", type, &v), "too large");
	CHECK_ERR(compat_split("mem fd-v1", type, &v), "not printable");
}

void test_table(void)
{
	struct table t = { 0 };
	unsigned int v[4];

	CHECK(!table_add(&t, "memfd-v1", KIND_FILE, CAP_READ, 0));
	CHECK(!table_add(&t, "memfd-v3", KIND_FILE, CAP_READ | CAP_WRITE, 1));
	CHECK(!table_add(&t, "memfd-v2", KIND_FILE, CAP_READ | CAP_WRITE | 8, 0));
	CHECK_ERR(table_add(&t, "x-v1", 9, CAP_READ, 0), "unknown kind 9");
	ASSERT(t.count == 3 && !table_seal(&t));
	CHECK(t.entries[2].caps == (CAP_READ | CAP_WRITE));
	CHECK(table_newest(&t, "memfd", CAP_WRITE) == 3);
	CHECK(table_newest(&t, "memfd", CAP_READ) == 3);
	CHECK(table_selected(&t, "memfd") == 3);
	CHECK(table_versions(&t, "memfd", CAP_READ, v, 4) == 3);
	CHECK(v[0] == 1 && v[1] == 2 && v[2] == 3);
	CHECK(table_versions(&t, "memfd", CAP_WRITE, v, 4) == 2);
	CHECK(!table_has_type(&t, "kho"));
	/* The kernel's order stays; the lookups do not depend on it. */
	CHECK(t.entries[1].version == 3);
	CHECK(!table_add(&t, "memfd-v2", KIND_FILE, CAP_READ, 0));
	CHECK_ERR(table_seal(&t), "memfd-v2: listed twice");
	table_free(&t);
	CHECK(!table_add(&t, "a-v1", KIND_FILE, CAP_READ, 0));
	CHECK(!table_add(&t, "a-v2", KIND_FLB, CAP_READ, 0));
	CHECK_ERR(table_seal(&t), "type a: listed as file (a-v1) and as flb (a-v2)");
	table_free(&t);
}

/* TABLE_MAX formats at most, and a duplicate among them found quickly. */
void test_table_bounds(void)
{
	struct table t = { 0 };
	char name[COMPAT_LEN];
	int i;

	for (i = 0; i < TABLE_MAX; i++) {
		snprintf(name, sizeof(name), "t%d-v%d", i % 1000, i / 1000 + 1);
		ASSERT(!table_add(&t, name, KIND_FILE, CAP_READ, 0));
	}
	CHECK_ERR(table_add(&t, "one-more-v1", KIND_FILE, CAP_READ, 0),
		  "more than 4096 formats");
	ASSERT(!table_seal(&t));
	CHECK(table_newest(&t, "t7", CAP_READ) == 5);
	CHECK(table_newest(&t, "t999", CAP_READ) == 4);
	strcpy(t.entries[TABLE_MAX - 1].compatible, "t3-v1");
	strcpy(t.entries[TABLE_MAX - 1].type, "t3");
	t.entries[TABLE_MAX - 1].version = 1;
	CHECK_ERR(table_seal(&t), "t3-v1: listed twice");
	table_free(&t);
	CHECK_ERR(table_reserve(&t, TABLE_MAX + 1), "more than 4096");
	table_free(&t);
}

static size_t put_entry(unsigned char *p, const char *compat, uint32_t kind,
			uint32_t caps, size_t esize)
{
	uint32_t k = htole32(kind), c = htole32(caps);

	memset(p, 0, esize);
	strncpy((char *)p, compat, 48);
	memcpy(p + 48, &k, 4);
	memcpy(p + 52, &c, 4);
	return esize;
}

static size_t put_hdr(unsigned char *p, uint32_t magic, uint32_t format,
		      uint32_t esize, uint32_t count)
{
	uint32_t h[4] = { htole32(magic), htole32(format), htole32(esize),
			  htole32(count) };

	memcpy(p, h, 16);
	return 16;
}

void test_section(void)
{
	unsigned char buf[512];
	struct table t = { 0 };
	size_t n;

	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 2);
	n += put_entry(buf + n, "kho-v1", KIND_CORE, 3, 56);
	n += put_entry(buf + n, "memfd-v2", KIND_FILE, 1, 56);
	CHECK(!section_parse(buf, n, &t));
	CHECK(t.count == 2 && t.entries[1].version == 2 &&
	      t.entries[1].caps == CAP_READ &&
	      t.entries[1].selected == SELECTED_UNKNOWN);
	table_free(&t);

	/* A larger entry (a later format revision) is fine. */
	n = put_hdr(buf, LVUP_MAGIC, 1, 64, 1);
	n += put_entry(buf + n, "luo-v1", KIND_CORE, 3, 64);
	CHECK(!section_parse(buf, n, &t));
	CHECK(t.count == 1);
	table_free(&t);

	CHECK_ERR(section_parse(buf, 8, &t), "too small for its header");
	put_hdr(buf, 0x12345678, 1, 56, 0);
	CHECK_ERR(section_parse(buf, 16, &t), "bad magic 0x12345678");
	put_hdr(buf, LVUP_MAGIC, 2, 56, 0);
	CHECK_ERR(section_parse(buf, 16, &t), "unknown format 2");
	put_hdr(buf, LVUP_MAGIC, 1, 40, 0);
	CHECK_ERR(section_parse(buf, 16, &t), "entry size 40 is smaller");
	put_hdr(buf, LVUP_MAGIC, 1, 56, 0x40000000);
	CHECK_ERR(section_parse(buf, 72, &t), "do not fit");
	put_hdr(buf, LVUP_MAGIC, 1, 0xffffffff, 0xffffffff);
	CHECK_ERR(section_parse(buf, 72, &t), "do not fit");

	/* More entries than luod reads: refused before any is read. */
	{
		size_t size = 16 + (size_t)(TABLE_MAX + 1) * 56;
		unsigned char *big = calloc(1, size);

		ASSERT(big);
		put_hdr(big, LVUP_MAGIC, 1, 56, TABLE_MAX + 1);
		CHECK_ERR(section_parse(big, size, &t), "4097 entries, more than the 4096 luod reads");
		CHECK(t.count == 0);
		free(big);
	}

	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 2);
	n += put_entry(buf + n, "kho-v1", KIND_CORE, 3, 56);
	n += put_entry(buf + n, "kho-v1", KIND_CORE, 3, 56);
	CHECK_ERR(section_parse(buf, n, &t), "kho-v1: listed twice");
	table_free(&t);

	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 1);
	memset(buf + n, 'a', 56);
	CHECK_ERR(section_parse(buf, n + 56, &t), "not NUL-terminated");
	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 1);
	put_entry(buf + n, "memfd-v1", 7, 3, 56);
	CHECK_ERR(section_parse(buf, n + 56, &t), "entry 0: memfd-v1: unknown kind 7");
	table_free(&t);
}

/* A table from "compat:kind:caps" strings. */
static void mk(struct table *t, const char *const *specs)
{
	memset(t, 0, sizeof(*t));
	for (; *specs; specs++) {
		char c[COMPAT_LEN];
		unsigned int kind, caps;

		sscanf(*specs, "%47[^:]:%u:%u", c, &kind, &caps);
		if (table_add(t, c, kind, caps, SELECTED_UNKNOWN))
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

void test_negotiate(void)
{
	static const char *const old_spec[] = { "kho-v1:1:3", "luo-v1:1:3",
		"memfd-v1:2:3", NULL };
	static const char *const new_spec[] = { "kho-v1:1:3", "luo-v1:1:3",
		"memfd-v1:2:3", "memfd-v2:2:3", "fdbox-v1:3:3", NULL };
	static const char *const next_spec[] = { "kho-v1:1:3", "luo-v1:1:3",
		"luo-v2:1:3", "memfd-v2:2:3", NULL };
	static const char *const ro_spec[] = { "kho-v1:1:1", "luo-v1:1:3",
		"memfd-v1:2:1", "memfd-v2:2:3", NULL };
	const char *memfd[] = { "memfd" };
	struct table old, new, next, ro;
	struct negotiation n;

	mk(&old, old_spec);
	mk(&new, new_spec);
	mk(&next, next_spec);
	mk(&ro, ro_spec);

	/* old -> new: memfd v1 is the only common version. */
	CHECK(!negotiate(&n, &old, "old", &new, "new", memfd, 1, false));
	CHECK(n.compatible);
	CHECK(choice(&n, "memfd")->verdict == VERDICT_OK &&
	      choice(&n, "memfd")->version == 1);
	CHECK(choice(&n, "kho")->version == 1);
	/* new's FLB is unknown to old: nothing of it to hand over. */
	CHECK(choice(&n, "fdbox")->verdict == VERDICT_UNUSED);
	negotiation_free(&n);

	/* old -> next: refused, with the versions in the reason. */
	CHECK(!negotiate(&n, &old, "old", &next, "next", memfd, 1, false));
	CHECK(!n.compatible);
	CHECK(choice(&n, "memfd")->verdict == VERDICT_REFUSED);
	CHECK(strstr(choice(&n, "memfd")->reason,
		     "old writes v1, next reads v2"));
	CHECK(choice(&n, "luo")->version == 1);
	negotiation_free(&n);

	/* Without files in use, memfd does not matter. */
	CHECK(!negotiate(&n, &old, "old", &next, "next", NULL, 0, false));
	CHECK(n.compatible && !negotiation_find(&n, "memfd"));
	negotiation_free(&n);

	/* --all: every type. */
	CHECK(!negotiate(&n, &old, "old", &next, "next", NULL, 0, true));
	CHECK(!n.compatible);
	negotiation_free(&n);

	/* new -> next: newest common, v2; new's FLB unknown to next. */
	CHECK(!negotiate(&n, &new, "new", &next, "next", memfd, 1, false));
	CHECK(choice(&n, "memfd")->version == 2);
	CHECK(choice(&n, "fdbox")->verdict == VERDICT_REFUSED);
	CHECK(strstr(choice(&n, "fdbox")->reason, "next does not know it"));
	negotiation_free(&n);

	/* ro writes nothing of kho. */
	CHECK(!negotiate(&n, &ro, "ro", &old, "old", memfd, 1, false));
	CHECK(strstr(choice(&n, "kho")->reason, "ro cannot write any version"));
	CHECK(choice(&n, "memfd")->verdict == VERDICT_REFUSED);
	negotiation_free(&n);

	/* A type nobody knows. */
	{
		const char *odd[] = { "odd" };

		CHECK(!negotiate(&n, &old, "old", &new, "new", odd, 1, false));
		CHECK(strstr(choice(&n, "odd")->reason, "neither old nor new"));
		negotiation_free(&n);
	}

	/* Files of any type bring luod's manifest, a memfd, along. */
	{
		const char *odd[] = { "odd" }, *fdbox[] = { "fdbox" };

		CHECK(!negotiate(&n, &new, "new", &next, "next", odd, 1, false));
		CHECK(choice(&n, "memfd")->verdict == VERDICT_OK &&
		      choice(&n, "memfd")->version == 2);
		negotiation_free(&n);
		CHECK(!negotiate(&n, &old, "old", &next, "next", odd, 1, false));
		CHECK(choice(&n, "memfd")->verdict == VERDICT_REFUSED);
		negotiation_free(&n);
		/* An FLB is no file. */
		CHECK(!negotiate(&n, &new, "new", &next, "next", fdbox, 1, false));
		CHECK(!negotiation_find(&n, "memfd"));
		negotiation_free(&n);
	}
	/* A kernel that lists no formats: the pair is refused as a whole. */
	{
		struct table none = { .unlisted = true };

		CHECK(!negotiate(&n, &old, "old", &none, "plain", memfd, 1, false));
		CHECK(!n.compatible && n.count == 0 &&
		      strstr(n.reason, "plain lists no live-update formats, so a live update into it is refused"));
		negotiation_free(&n);
		CHECK(!negotiate(&n, &none, "plain", &old, "old", NULL, 0, false));
		CHECK(!n.compatible && strstr(n.reason, "cannot hand anything over"));
		negotiation_free(&n);
	}
	table_free(&old);
	table_free(&new);
	table_free(&next);
	table_free(&ro);
}
