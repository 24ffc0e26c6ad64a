/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The .liveupdate_versions section of a kernel image (and of a module),
 * in the layout of <linux/liveupdate_versions.h>: the only file that
 * reads it.
 */
#ifndef LUOD_SECTION_H
#define LUOD_SECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "versions.h"

#define LVUP_SECTION	".liveupdate_versions"
/* A module's entries, without a header. */
#define LVUP_MODULE_SECTION	".liveupdate_versions.entries"
/* The format before the vlu- names: names that collide with mainline's. */
#define LVUP_FORMAT_LEGACY	1

/* How a vmlinux lays its entries out, which its modules follow. */
struct section_layout {
	uint32_t format;
	uint32_t entry_size;
	bool big_endian;	/* the ELF's EI_DATA */
};

/*
 * Parse a vmlinux section into @t; its layout into @layout (may be
 * NULL). A format 1 section makes @t TABLE_LEGACY, with no entries.
 */
int section_parse(const void *data, size_t size, bool big_endian,
		  struct table *t, struct section_layout *layout);
/*
 * Append the bare entries of a module's section, in @layout, to @t, each
 * provided by @provider. The caller seals @t.
 */
int section_parse_entries(const void *data, size_t size,
			  const struct section_layout *layout,
			  const char *provider, struct table *t);

#endif
