// SPDX-License-Identifier: GPL-2.0
/*
 * Parse the .liveupdate_versions section: a header, then @count entries of
 * @entry_size bytes. A larger entry size than luod knows is fine (members
 * are appended); a smaller one, another magic or format is refused, and
 * so is a count above TABLE_MAX, before any entry is read: a crafted
 * image costs at most that many entries' work.
 */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "error.h"
#include "section.h"

static_assert(sizeof(struct lvup_hdr) == 16, "section header is 16 bytes");
static_assert(offsetof(struct lvup_hdr, magic) == 0, "hdr.magic");
static_assert(offsetof(struct lvup_hdr, format) == 4, "hdr.format");
static_assert(offsetof(struct lvup_hdr, entry_size) == 8, "hdr.entry_size");
static_assert(offsetof(struct lvup_hdr, count) == 12, "hdr.count");
static_assert(sizeof(struct lvup_entry) == 56, "section entry is 56 bytes");
static_assert(offsetof(struct lvup_entry, compatible) == 0, "entry.compatible");
static_assert(offsetof(struct lvup_entry, kind) == 48, "entry.kind");
static_assert(offsetof(struct lvup_entry, caps) == 52, "entry.caps");

int section_parse(const void *data, size_t size, struct table *t)
{
	const unsigned char *p = data;
	struct lvup_hdr h;
	uint32_t i;

	if (size < sizeof(h))
		return fail("section %s: %zu bytes, too small for its header",
			    LVUP_SECTION, size);
	h.magic = get_le32(p + offsetof(struct lvup_hdr, magic));
	h.format = get_le32(p + offsetof(struct lvup_hdr, format));
	h.entry_size = get_le32(p + offsetof(struct lvup_hdr, entry_size));
	h.count = get_le32(p + offsetof(struct lvup_hdr, count));

	if (h.magic != LVUP_MAGIC)
		return fail("section %s: bad magic 0x%08x (expected 0x%08x)",
			    LVUP_SECTION, h.magic, LVUP_MAGIC);
	if (h.format != LVUP_FORMAT)
		return fail("section %s: unknown format %u (luod reads format %u)",
			    LVUP_SECTION, h.format, LVUP_FORMAT);
	if (h.entry_size < sizeof(struct lvup_entry))
		return fail("section %s: entry size %u is smaller than %zu",
			    LVUP_SECTION, h.entry_size,
			    sizeof(struct lvup_entry));
	if ((uint64_t)h.count * h.entry_size > size - sizeof(h))
		return fail("section %s: %u entries of %u bytes do not fit in %zu bytes",
			    LVUP_SECTION, h.count, h.entry_size, size);
	if (h.count > TABLE_MAX)
		return fail("section %s: %u entries, more than the %d luod reads of a kernel",
			    LVUP_SECTION, h.count, TABLE_MAX);
	if (table_reserve(t, h.count))
		return fail_wrap("section %s", LVUP_SECTION);

	for (i = 0; i < h.count; i++) {
		const unsigned char *e = p + sizeof(h) + (size_t)i * h.entry_size;
		char compat[COMPAT_LEN];
		uint32_t kind, caps;

		memcpy(compat, e + offsetof(struct lvup_entry, compatible),
		       COMPAT_LEN);
		if (!memchr(compat, '\0', COMPAT_LEN))
			return fail("section %s: entry %u: compatible is not NUL-terminated",
				    LVUP_SECTION, i);
		kind = get_le32(e + offsetof(struct lvup_entry, kind));
		caps = get_le32(e + offsetof(struct lvup_entry, caps));
		if (table_add(t, compat, kind, caps, SELECTED_UNKNOWN))
			return fail_wrap("section %s: entry %u", LVUP_SECTION, i);
	}
	if (table_seal(t))
		return fail_wrap("section %s", LVUP_SECTION);
	return 0;
}
