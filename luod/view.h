/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What some reports show, gathered by their callers for report.c (JSON)
 * and text.c (text) alike.
 */
#ifndef LUOD_VIEW_H
#define LUOD_VIEW_H

#include <stddef.h>

#include "handover.h"
#include "image.h"
#include "versions.h"

/* An image of "luod matrix". */
struct matrix_image {
	const char *name;
	const char *path;
	struct table table;
	struct image_info info;
};

/* What the daemon shows one client: what that client may see. */
struct status {
	const struct held *const *held;
	size_t nheld;
	const struct in_session *const *in;
	size_t nin;
	/* All incoming files; those of the sessions in @in are shown. */
	const struct in_file *files;
	size_t nfiles;
};

#endif
