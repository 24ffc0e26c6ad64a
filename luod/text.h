/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text form of the reports (report.h), for people: aligned columns,
 * every name and message escaped (escape.h).
 */
#ifndef LUOD_TEXT_H
#define LUOD_TEXT_H

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "image.h"
#include "negotiate.h"
#include "sysfs.h"
#include "update.h"
#include "view.h"

void text_versions(FILE *f, const struct table *t,
		   const struct image_info *info, const char *image);
void text_negotiation(FILE *f, const struct negotiation *n);
void text_matrix(FILE *f, const struct matrix_image *images, size_t count,
		 const struct negotiation *pairs);
void text_incoming(FILE *f, const struct incoming *in,
		   const struct unfinished_list *u);
void text_plan(FILE *f, const struct plan *p);
void text_plan_state(FILE *f, const struct plan *p);
void text_status(FILE *f, const struct status *s);
void text_file(FILE *f, const char *session, uint64_t token,
	       const char *type, const struct stat *st);

#endif
