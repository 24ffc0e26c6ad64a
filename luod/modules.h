/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The formats a kernel reads through its modules: each .ko (or .ko.xz,
 * .ko.zst, .ko.gz) of its modules directory may list its own in a
 * section .liveupdate_versions.entries, bare entries in the layout of
 * its kernel's vmlinux section.
 */
#ifndef LUOD_MODULES_H
#define LUOD_MODULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "section.h"
#include "versions.h"

/* The default root of the modules directories. */
#define MODULES_ROOT	"/lib/modules"

struct module {
	char name[PROVIDER_LEN];
	unsigned char *raw;	/* its entries, as its .ko has them */
	size_t count;
	uint32_t entry_size;
};

struct module_set {
	char dir[4096];		/* "" if no modules were read */
	struct module *mods;
	size_t count;
};

/*
 * Add the formats of the modules under @dir (with @explicit, it must
 * exist; else a missing one means no modules) to the image table @t of
 * layout @l, each provided by its module, and keep their entries in
 * @ms. The table is sealed again: a format that vmlinux or another
 * module lists too is an error.
 */
int modules_read(const char *dir, bool explicit,
		 const struct section_layout *l, struct table *t,
		 struct module_set *ms);
/*
 * The modules of an image: those of @dir if given, else of
 * MODULES_ROOT/<release>, if the image says its release and that
 * directory exists. Nothing for an image without formats.
 */
int image_modules(const char *dir, const char *release,
		  const struct section_layout *l, struct table *t,
		  struct module_set *ms);
void modules_free(struct module_set *ms);

#endif
