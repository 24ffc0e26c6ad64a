/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output of the commands and the daemon, as text (text.c) or JSON. Every
 * JSON document luod writes is written by report.c, in the schemas of
 * JSON.md.
 */
#ifndef LUOD_REPORT_H
#define LUOD_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "image.h"
#include "modules.h"
#include "negotiate.h"
#include "sysfs.h"
#include "update.h"
#include "view.h"

struct out {
	FILE *f;
	bool json;
	bool pretty;
};

/* @info is NULL for the running kernel; @ms the image's modules. */
void report_versions(const struct out *o, const struct table *t,
		     const char *image, const struct image_info *info,
		     const struct module_set *ms);
void report_check(const struct out *o, const struct negotiation *n);

/* @pairs: count * count negotiations, row-major (from, to). */
void report_matrix(const struct out *o, const struct matrix_image *images,
		   size_t count, const struct negotiation *pairs);
void report_incoming(const struct out *o, const struct incoming *in,
		     const struct unfinished_list *u);
void report_plan(const struct out *o, const struct plan *p);
/*
 * The last line of the text report, the plan's state: again after a
 * failed reboot ("update failed: reboot: ..."). Nothing in JSON, where
 * an error document follows instead.
 */
void report_plan_state(const struct out *o, const struct plan *p);

void report_status(const struct out *o, const struct status *s);

/* "client preserve" (@st NULL) and "client retrieve" (with its size). */
void report_file(const struct out *o, const char *session, uint64_t token,
		 const char *type, const struct stat *st);
/* "client finish" and "client drop" (JSON only: text says nothing). */
void report_finished(const struct out *o, const char *session);
/* "discard" (JSON only). */
void report_discarded(const struct out *o, const char *session);
void report_dropped(const struct out *o, const char *session,
		    unsigned long long n);

/* {"error": "..."}: what a failed command writes under --json. */
void report_error(FILE *f, bool pretty, const char *message);
/* A line of the daemon's JSON log: {"event": ..., "message": ...}. */
void report_event(FILE *f, const char *event, const char *message);

#endif
