// SPDX-License-Identifier: GPL-2.0
/*
 * Parse the .liveupdate_versions section: a header, then @count entries of
 * @entry_size bytes, integers in the kernel's byte order (the ELF
 * header's). A larger entry size than luod knows is fine (members are
 * appended); a smaller one, another magic or format is refused, and so is
 * a count above TABLE_MAX, before any entry is read: a crafted image
 * costs at most that many entries' work. Format 1 is no error but a
 * verdict: its bare names collide with mainline's, so such a kernel's
 * formats cannot be told apart from other kernels'.
 */
#include <assert.h>
#include <endian.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "section.h"

#define HDR	struct liveupdate_versions_hdr
#define ENTRY	struct liveupdate_versions_entry

static_assert(LIVEUPDATE_VERSIONS_MAGIC == 0x4c565550, "magic 'LVUP'");
static_assert(LIVEUPDATE_VERSIONS_FORMAT == 2, "luod reads format 2");
static_assert(sizeof(HDR) == LIVEUPDATE_VERSIONS_HDR_SIZE &&
	      LIVEUPDATE_VERSIONS_HDR_SIZE == 16, "header is 16 bytes");
static_assert(offsetof(HDR, magic) == 0 && offsetof(HDR, format) == 4 &&
	      offsetof(HDR, entry_size) == 8 && offsetof(HDR, count) == 12,
	      "header members");
static_assert(sizeof(ENTRY) == LIVEUPDATE_VERSIONS_ENTRY_SIZE &&
	      LIVEUPDATE_VERSIONS_ENTRY_SIZE == 304, "entry is 304 bytes");
static_assert(offsetof(ENTRY, compatible) == 0, "entry.compatible");
static_assert(offsetof(ENTRY, type) == 48, "entry.type");
static_assert(offsetof(ENTRY, version) == 96, "entry.version");
static_assert(offsetof(ENTRY, kind) == 100, "entry.kind");
static_assert(offsetof(ENTRY, caps) == 102, "entry.caps");
static_assert(offsetof(ENTRY, flb_deps) == 112, "entry.flb_deps");
static_assert(sizeof(((ENTRY *)0)->flb_deps) == MAX_FLB_DEPS * COMPAT_LEN &&
	      MAX_FLB_DEPS == 4 && COMPAT_LEN == 48, "entry.flb_deps");

static uint32_t get32(const unsigned char *p, bool be)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return be ? be32toh(v) : le32toh(v);
}

static uint16_t get16(const unsigned char *p, bool be)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return be ? be16toh(v) : le16toh(v);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* A NUL-padded string member of @len bytes into @out. */
static int get_str(const unsigned char *p, size_t len, char *out,
		   const char *what)
{
	const unsigned char *nul = memchr(p, '\0', len);

	if (!nul)
		return fail("%s is not NUL-terminated", what);
	memcpy(out, p, (size_t)(nul - p) + 1);
	return 0;
}

/* The FLB types of a file handler: used slots first, the rest zero. */
static int get_deps(const unsigned char *p, struct entry *e)
{
	unsigned int i;

	for (i = 0; i < MAX_FLB_DEPS; i++) {
		const unsigned char *d = p + (size_t)i * COMPAT_LEN;

		if (all_zero(d, COMPAT_LEN))
			continue;
		if (i != e->nflb)
			return fail("%s: FLB types after an empty slot",
				    e->compatible);
		if (get_str(d, COMPAT_LEN, e->flb_deps[e->nflb++],
			    "an FLB type"))
			return fail_wrap("%s", e->compatible);
	}
	return 0;
}

static int get_entry(const unsigned char *p, bool be, const char *provider,
		     struct entry *e)
{
	memset(e, 0, sizeof(*e));
	if (get_str(p + offsetof(ENTRY, compatible), COMPAT_LEN,
		    e->compatible, "compatible"))
		return -1;
	if (get_str(p + offsetof(ENTRY, type), COMPAT_LEN, e->type,
		    "type"))
		return fail_wrap("%s", e->compatible);
	e->version = get32(p + offsetof(ENTRY, version), be);
	e->kind = get16(p + offsetof(ENTRY, kind), be);
	e->caps = e->listed_caps = get16(p + offsetof(ENTRY, caps), be);
	e->selected = e->registered = UNKNOWN;
	snprintf(e->provider, sizeof(e->provider), "%s", provider);
	return get_deps(p + offsetof(ENTRY, flb_deps), e);
}

static int parse_entries(const unsigned char *p, uint32_t count,
			 uint32_t entry_size, bool be, const char *provider,
			 struct table *t)
{
	struct entry e;
	uint32_t i;

	if (table_reserve(t, count))
		return -1;
	for (i = 0; i < count; i++) {
		if (get_entry(p + (size_t)i * entry_size, be, provider, &e) ||
		    table_add(t, &e))
			return fail_wrap("entry %u", i);
	}
	return 0;
}

int section_parse(const void *data, size_t size, bool be, struct table *t,
		  struct section_layout *layout)
{
	const unsigned char *p = data;
	uint32_t magic, format, entry_size, count;

	if (size < sizeof(HDR))
		return fail("section %s: %zu bytes, too small for its header",
			    LVUP_SECTION, size);
	magic = get32(p + offsetof(HDR, magic), be);
	format = get32(p + offsetof(HDR, format), be);
	entry_size = get32(p + offsetof(HDR, entry_size), be);
	count = get32(p + offsetof(HDR, count), be);

	if (magic != LIVEUPDATE_VERSIONS_MAGIC)
		return fail("section %s: bad magic 0x%08x (expected 0x%08x)",
			    LVUP_SECTION, magic, LIVEUPDATE_VERSIONS_MAGIC);
	if (format == LVUP_FORMAT_LEGACY) {
		t->source = TABLE_LEGACY;
		return table_seal(t);
	}
	if (format != LIVEUPDATE_VERSIONS_FORMAT)
		return fail("section %s: unknown format %u (luod reads format %u)",
			    LVUP_SECTION, format, LIVEUPDATE_VERSIONS_FORMAT);
	if (entry_size < sizeof(ENTRY))
		return fail("section %s: entry size %u is smaller than %zu",
			    LVUP_SECTION, entry_size, sizeof(ENTRY));
	if ((uint64_t)count * entry_size > size - sizeof(HDR))
		return fail("section %s: %u entries of %u bytes do not fit in %zu bytes",
			    LVUP_SECTION, count, entry_size, size);
	if (count > TABLE_MAX)
		return fail("section %s: %u entries, more than the %d luod reads of a kernel",
			    LVUP_SECTION, count, TABLE_MAX);
	if (layout)
		*layout = (struct section_layout){ format, entry_size, be };
	if (parse_entries(p + sizeof(HDR), count, entry_size, be,
			  PROVIDER_VMLINUX, t) || table_seal(t))
		return fail_wrap("section %s", LVUP_SECTION);
	return 0;
}

int section_parse_entries(const void *data, size_t size,
			  const struct section_layout *layout,
			  const char *provider, struct table *t)
{
	size_t count;

	if (layout->entry_size < sizeof(ENTRY) || size % layout->entry_size)
		return fail("section %s: %zu bytes are not entries of %u bytes",
			    LVUP_MODULE_SECTION, size, layout->entry_size);
	count = size / layout->entry_size;
	if (count > TABLE_MAX)
		return fail("section %s: %zu entries, more than the %d luod reads of a kernel",
			    LVUP_MODULE_SECTION, count, TABLE_MAX);
	if (parse_entries(data, (uint32_t)count, layout->entry_size,
			  layout->big_endian, provider, t))
		return fail_wrap("section %s", LVUP_MODULE_SECTION);
	return 0;
}
