/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running kernel's live update state under /sys/kernel/liveupdate/,
 * read without opening the single-opener /dev/liveupdate. Its layout is
 * known to sysfs.c only.
 */
#ifndef LUOD_SYSFS_H
#define LUOD_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

#include "versions.h"

/* Root of sysfs: --sysfs DIR, else $LUOD_SYSFS, else "/sys". */
void sysfs_set_root(const char *dir);

/*
 * The running kernel's table: what each format can do now, what its
 * image lists, each type's selected version, whether its code is
 * registered; t->disabled says why live update is off, if it is.
 */
int sysfs_versions(struct table *t);

/* A format the previous kernel handed over, as this kernel checked it. */
struct component {
	char name[COMPAT_LEN];	/* a format, or a type if too damaged */
	unsigned int kind;	/* KIND_* */
	/* ok, pending, unavailable, unsupported or corrupt */
	char result[32];
};

/* What the previous kernel handed over to this boot. */
struct incoming {
	char state[256];	/* none, ok, refused: ..., disabled: ... */
	bool liveupdate_boot;
	unsigned long long update_number;
	struct component *components;
	size_t count;
};

int sysfs_incoming(struct incoming *in);
void incoming_free(struct incoming *in);
/* Is this a live update boot? 1 yes, 0 no, -1 unknown (no such file). */
int sysfs_liveupdate_boot(void);

#endif
