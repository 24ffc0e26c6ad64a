/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What some reports show, gathered by their callers for report.c (JSON)
 * and text.c (text) alike.
 */
#ifndef LUOD_VIEW_H
#define LUOD_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "handover.h"
#include "image.h"
#include "modules.h"
#include "versions.h"

/* An image of "luod matrix". */
struct matrix_image {
	const char *name;
	const char *path;
	struct table table;
	struct image_info info;
	struct module_set modules;
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

/* An incoming session not finished, as the daemon says. */
struct unfinished {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	char state[16];		/* ready, pending or failed */
	char why[256];		/* the retrieve error, or "" */
	char way_out[256];	/* what to do about it */
};

/* What "luod incoming" knows of the sessions (from the daemon). */
struct unfinished_list {
	bool known;		/* false: no daemon to ask */
	struct unfinished *v;
	size_t n;
};

#endif
