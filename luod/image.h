/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Read the versions table of a kernel image without booting it.
 */
#ifndef LUOD_IMAGE_H
#define LUOD_IMAGE_H

#include <stddef.h>

#include "decompress.h"
#include "section.h"
#include "versions.h"

enum image_format {
	IMAGE_ELF,		/* vmlinux, or any ELF */
	IMAGE_BZIMAGE,		/* x86 boot image with a compressed ELF */
	IMAGE_COMPRESSED,	/* a compressed ELF (e.g. vmlinux.bin.zst) */
};

struct image_info {
	enum image_format format;
	enum comp comp;		/* COMP_NONE for an ELF */
	struct section_layout layout;	/* of its section, if it has one */
	char release[65];	/* "6.12.1-foo" as the image says, or "" */
};

/*
 * Read the table of the image in @fd (named @name in messages), recognized
 * by content. @fd is read once into a snapshot() unless it is a sealed
 * one already. @info may be NULL.
 */
int image_read_fd(int fd, const char *name, struct table *t,
		  struct image_info *info);
int image_read(const char *path, struct table *t, struct image_info *info);
/* Is the file in @fd an x86 bzImage (what kexec_file_load() takes)? */
int image_is_bzimage(int fd);

const char *image_format_name(enum image_format f);

#endif
