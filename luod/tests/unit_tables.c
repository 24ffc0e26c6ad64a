// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: version tables and the section parser (format 2, its byte
 * orders, format 1 refused as a verdict, malformed entries).
 */
#include <endian.h>
#include <stdint.h>
#include <stdlib.h>

#include "section.h"
#include "unit.h"
#include "unit_tables.h"

/* An entry from "compat:kind:caps[:deps]" (kind, caps as numbers). */
struct entry mk_entry(const char *spec)
{
	struct entry e = { .selected = UNKNOWN, .registered = UNKNOWN };
	char deps[256] = "", *w, *save;
	char *v;

	sscanf(spec, "%47[^:]:%u:%u:%255s", e.compatible, &e.kind, &e.caps,
	       deps);
	e.listed_caps = e.caps;
	v = strrchr(e.compatible, 'v');
	snprintf(e.type, sizeof(e.type), "%.*s",
		 v ? (int)(v - e.compatible - 1) : 0, e.compatible);
	e.version = v ? (unsigned int)atoi(v + 1) : 0;
	for (w = strtok_r(deps, ",", &save); w && e.nflb < MAX_FLB_DEPS;
	     w = strtok_r(NULL, ",", &save))
		snprintf(e.flb_deps[e.nflb++], COMPAT_LEN, "%s", w);
	return e;
}

static int add(struct table *t, const char *spec)
{
	struct entry e = mk_entry(spec);

	return table_add(t, &e);
}

void test_entry(void)
{
	struct table t = { 0 };
	struct entry e = mk_entry("vlu-memfd-v2:2:3");

	CHECK(!table_add(&t, &e));
	CHECK(!strcmp(t.entries[0].provider, PROVIDER_VMLINUX));
	/* The name is checked against the type and version, never parsed. */
	e.version = 3;
	CHECK_ERR(table_add(&t, &e), "vlu-memfd-v2: malformed: not \"<type>-v<version>\" of type vlu-memfd version 3");
	e = mk_entry("vlu-memfd-v2:2:3");
	strcpy(e.type, "vlu-mem");
	CHECK_ERR(table_add(&t, &e), "malformed");
	e = mk_entry("vlu-memfd-v02:2:3");
	CHECK_ERR(table_add(&t, &e), "malformed");
	e = mk_entry("vlu-memfd-v0:2:3");
	CHECK_ERR(table_add(&t, &e), "version 0");
	e = mk_entry("a b-v1:2:3");
	CHECK_ERR(table_add(&t, &e), "bad type name");
	e = mk_entry("-v1:2:3");
	CHECK_ERR(table_add(&t, &e), "bad type name");
	/* FLB types belong to file handlers, and are type names. */
	e = mk_entry("vlu-kho-v1:1:3:vlu-x");
	CHECK_ERR(table_add(&t, &e), "a core format lists FLB types");
	e = mk_entry("vlu-test-v1:2:3:vlu-x");
	CHECK(!table_add(&t, &e));
	strcpy(e.flb_deps[0], "bad name");
	CHECK_ERR(table_add(&t, &e), "FLB type 0 is not a type name");
	table_free(&t);
}

void test_table(void)
{
	struct table t = { 0 };
	unsigned int v[4];
	struct entry e;

	CHECK(!add(&t, "memfd-v1:2:1"));
	CHECK(!add(&t, "memfd-v3:2:3"));
	CHECK(!add(&t, "memfd-v2:2:11"));
	CHECK_ERR(add(&t, "x-v1:9:1"), "unknown kind 9");
	ASSERT(t.count == 3 && !table_seal(&t));
	CHECK(t.entries[2].caps == (CAP_READ | CAP_WRITE));
	CHECK(table_newest(&t, "memfd", CAP_WRITE) == 3);
	CHECK(table_newest(&t, "memfd", CAP_READ) == 3);
	CHECK(table_find(&t, "memfd", 2) == &t.entries[2]);
	CHECK(!table_find(&t, "memfd", 4));
	CHECK(table_versions(&t, "memfd", CAP_READ, v, 4) == 3);
	CHECK(v[0] == 1 && v[1] == 2 && v[2] == 3);
	CHECK(table_versions(&t, "memfd", CAP_WRITE, v, 4) == 2);
	CHECK(!table_has_type(&t, "kho"));
	/* The kernel's order stays; the lookups do not depend on it. */
	CHECK(t.entries[1].version == 3);
	CHECK(!add(&t, "memfd-v2:2:1"));
	CHECK_ERR(table_seal(&t), "memfd-v2: listed twice");
	table_free(&t);
	CHECK(!add(&t, "a-v1:2:1"));
	CHECK(!add(&t, "a-v2:3:1"));
	CHECK_ERR(table_seal(&t), "type a: listed as file (a-v1) and as flb (a-v2)");
	table_free(&t);

	/* Selected and registered: the running kernel's. */
	e = mk_entry("t-v1:2:0");
	e.listed_caps = 3;
	e.registered = 0;
	e.selected = 0;
	CHECK(!table_add(&t, &e));
	e = mk_entry("t-v2:2:3");
	e.registered = e.selected = 1;
	CHECK(!table_add(&t, &e));
	ASSERT(!table_seal(&t));
	CHECK(table_selected(&t, "t") == 2);
	CHECK(table_unregistered(&t, "t", CAP_WRITE));
	CHECK(!table_unregistered(&t, "u", CAP_WRITE));
	table_free(&t);
}

/* TABLE_MAX formats at most, and a duplicate among them found quickly. */
void test_table_bounds(void)
{
	struct table t = { 0 };
	char name[COMPAT_LEN + 16];
	int i;

	for (i = 0; i < TABLE_MAX; i++) {
		snprintf(name, sizeof(name), "t%d-v%d:2:1", i % 1000, i / 1000 + 1);
		ASSERT(!add(&t, name));
	}
	CHECK_ERR(add(&t, "one-more-v1:2:1"), "more than 4096 formats");
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

static bool be;

static void put32(unsigned char *p, uint32_t v)
{
	v = be ? htobe32(v) : htole32(v);
	memcpy(p, &v, 4);
}

static void put16(unsigned char *p, uint16_t v)
{
	v = be ? htobe16(v) : htole16(v);
	memcpy(p, &v, 2);
}

static size_t put_entry(unsigned char *p, const char *spec, size_t esize)
{
	struct entry e = mk_entry(spec);
	unsigned int i;

	memset(p, 0, esize);
	memcpy(p, e.compatible, COMPAT_LEN);
	memcpy(p + 48, e.type, COMPAT_LEN);
	put32(p + 96, e.version);
	put16(p + 100, (uint16_t)e.kind);
	put16(p + 102, (uint16_t)e.caps);
	for (i = 0; i < e.nflb; i++)
		memcpy(p + 112 + i * 48, e.flb_deps[i], COMPAT_LEN);
	return esize;
}

static size_t put_hdr(unsigned char *p, uint32_t magic, uint32_t format,
		      uint32_t esize, uint32_t count)
{
	put32(p, magic);
	put32(p + 4, format);
	put32(p + 8, esize);
	put32(p + 12, count);
	return 16;
}

static void section_errors(unsigned char *buf)
{
	struct table t = { 0 };
	size_t n;

	CHECK_ERR(section_parse(buf, 8, false, &t, NULL), "too small for its header");
	put_hdr(buf, 0x12345678, 2, 304, 0);
	CHECK_ERR(section_parse(buf, 16, false, &t, NULL), "bad magic 0x12345678");
	put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 3, 304, 0);
	CHECK_ERR(section_parse(buf, 16, false, &t, NULL), "unknown format 3");
	put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 56, 0);
	CHECK_ERR(section_parse(buf, 16, false, &t, NULL), "entry size 56 is smaller than 304");
	put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 304, 0x40000000);
	CHECK_ERR(section_parse(buf, 320, false, &t, NULL), "do not fit");
	put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 0xffffffff, 0xffffffff);
	CHECK_ERR(section_parse(buf, 320, false, &t, NULL), "do not fit");
	table_free(&t);

	n = put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 304, 2);
	n += put_entry(buf + n, "vlu-kho-v1:1:3", 304);
	n += put_entry(buf + n, "vlu-kho-v1:1:3", 304);
	CHECK_ERR(section_parse(buf, n, false, &t, NULL), "vlu-kho-v1: listed twice");
	table_free(&t);

	n = put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 304, 1);
	memset(buf + n, 'a', 48);
	CHECK_ERR(section_parse(buf, n + 304, false, &t, NULL), "compatible is not NUL-terminated");
	put_entry(buf + n, "vlu-memfd-v1:7:3", 304);
	CHECK_ERR(section_parse(buf, n + 304, false, &t, NULL), "entry 0: vlu-memfd-v1: unknown kind 7");
	put_entry(buf + n, "vlu-memfd-v1:2:3", 304);
	put32(buf + n + 96, 2);
	CHECK_ERR(section_parse(buf, n + 304, false, &t, NULL), "vlu-memfd-v1: malformed");
	/* Used FLB slots first, the rest zero. */
	put_entry(buf + n, "vlu-test-v1:2:3:a,b", 304);
	memset(buf + n + 112, 0, 48);
	CHECK_ERR(section_parse(buf, n + 304, false, &t, NULL), "FLB types after an empty slot");
	put_entry(buf + n, "vlu-test-v1:2:3", 304);
	memset(buf + n + 112, 'x', 48);
	CHECK_ERR(section_parse(buf, n + 304, false, &t, NULL), "an FLB type is not NUL-terminated");
	table_free(&t);
}

void test_section(void)
{
	unsigned char buf[2048];
	struct section_layout l;
	struct table t = { 0 };
	size_t n;

	n = put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 304, 3);
	n += put_entry(buf + n, "vlu-kho-v1:1:3", 304);
	n += put_entry(buf + n, "vlu-memfd-v2:2:1", 304);
	n += put_entry(buf + n, "vlu-test-v2:2:3:vlu-test-flb", 304);
	CHECK(!section_parse(buf, n, false, &t, &l));
	CHECK(l.format == 2 && l.entry_size == 304 && !l.big_endian);
	ASSERT(t.count == 3);
	CHECK(t.entries[1].version == 2 && !strcmp(t.entries[1].type, "vlu-memfd") &&
	      t.entries[1].caps == CAP_READ && t.entries[1].listed_caps == CAP_READ &&
	      t.entries[1].selected == UNKNOWN && t.entries[1].registered == UNKNOWN);
	CHECK(t.entries[2].nflb == 1 && !strcmp(t.entries[2].flb_deps[0], "vlu-test-flb"));
	table_free(&t);

	/* A big-endian kernel's section, as its ELF header says. */
	be = true;
	n = put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 304, 1);
	n += put_entry(buf + n, "vlu-memfd-v2:2:3", 304);
	CHECK_ERR(section_parse(buf, n, false, &t, NULL), "bad magic");
	table_free(&t);
	CHECK(!section_parse(buf, n, true, &t, &l));
	CHECK(l.big_endian && t.count == 1 && t.entries[0].version == 2 &&
	      t.entries[0].kind == KIND_FILE);
	table_free(&t);
	be = false;

	/* A larger entry (members appended) is fine. */
	n = put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 2, 320, 1);
	n += put_entry(buf + n, "vlu-luo-v1:1:3", 320);
	CHECK(!section_parse(buf, n, false, &t, NULL));
	CHECK(t.count == 1 && t.source == TABLE_LISTED);
	table_free(&t);

	/* Format 1: names that collide with mainline's, a verdict. */
	put_hdr(buf, LIVEUPDATE_VERSIONS_MAGIC, 1, 56, 1);
	memset(buf + 16, 0, 56);
	strcpy((char *)buf + 16, "memfd-v1");
	CHECK(!section_parse(buf, 72, false, &t, NULL));
	CHECK(t.source == TABLE_LEGACY && t.count == 0);
	table_free(&t);

	/* More entries than luod reads: refused before any is read. */
	{
		size_t size = 16 + (size_t)(TABLE_MAX + 1) * 304;
		unsigned char *big = calloc(1, size);

		ASSERT(big);
		put_hdr(big, LIVEUPDATE_VERSIONS_MAGIC, 2, 304, TABLE_MAX + 1);
		CHECK_ERR(section_parse(big, size, false, &t, NULL),
			  "4097 entries, more than the 4096 luod reads");
		CHECK(t.count == 0);
		free(big);
	}
	section_errors(buf);

	/* A module's bare entries, in its kernel's layout. */
	l = (struct section_layout){ 2, 304, false };
	n = put_entry(buf, "vlu-vfio-v1:2:3", 304);
	CHECK(!section_parse_entries(buf, n, &l, "vfio", &t));
	CHECK(t.count == 1 && !strcmp(t.entries[0].provider, "vfio"));
	CHECK_ERR(section_parse_entries(buf, 100, &l, "vfio", &t), "not entries of 304 bytes");
	table_free(&t);
}
