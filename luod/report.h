/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output of the commands, as text or JSON (the schemas are in JSON.md).
 */
#ifndef LUOD_REPORT_H
#define LUOD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "image.h"
#include "negotiate.h"
#include "sysfs.h"
#include "update.h"

struct out {
	FILE *f;
	bool json;
	bool pretty;
};

/* The output options of this command line, to stdout. */
struct out out_stdout(void);

/* @info is NULL for the running kernel. */
void report_versions(const struct out *o, const struct table *t,
		     const char *image, const struct image_info *info);
void report_check(const struct out *o, const struct negotiation *n);

struct matrix_image {
	const char *name;
	const char *path;
	struct table table;
	struct image_info info;
};

/* @pairs: count * count negotiations, row-major (from, to). */
void report_matrix(const struct out *o, const struct matrix_image *images,
		   size_t count, const struct negotiation *pairs);
void report_incoming(const struct out *o, const struct incoming *in);
void report_plan(const struct out *o, const struct plan *p);
/*
 * The last line of the text report, the plan's state: again after a
 * failed reboot ("update failed: reboot: ..."). Nothing in JSON, where
 * an error document follows instead.
 */
void report_plan_state(const struct out *o, const struct plan *p);

#endif
