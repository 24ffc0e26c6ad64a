/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The .liveupdate_versions section of vmlinux. luod keeps its own copy of
 * the layout (the kernel's include/linux/kho/abi/versions.h is not a UAPI
 * header); both are a contract and must agree.
 */
#ifndef LUOD_SECTION_H
#define LUOD_SECTION_H

#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "versions.h"

#define LVUP_SECTION	".liveupdate_versions"
#define LVUP_MAGIC	0x4c565550	/* 'LVUP' */
#define LVUP_FORMAT	1

/* All members little endian. */
struct lvup_hdr {
	uint32_t magic;		/* LVUP_MAGIC */
	uint32_t format;	/* LVUP_FORMAT */
	uint32_t entry_size;	/* >= sizeof(struct lvup_entry) */
	uint32_t count;		/* entries after the header */
};

struct lvup_entry {
	char compatible[COMPAT_LEN];	/* "<type>-v<N>", NUL padded */
	uint32_t kind;			/* KIND_* */
	uint32_t caps;			/* CAP_* */
};

/* A little-endian u32 at @p, aligned or not. */
static inline uint32_t get_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* Parse the section's contents into @t (entries have no selection). */
int section_parse(const void *data, size_t size, struct table *t);

#endif
