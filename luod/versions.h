/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel's table of serialization formats ("<type>-v<N>"), as read from
 * the .liveupdate_versions section of an image or from the running
 * kernel's sysfs.
 */
#ifndef LUOD_VERSIONS_H
#define LUOD_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/liveupdate.h>

#define COMPAT_LEN	LIVEUPDATE_COMPAT_LENGTH

#define KIND_CORE	LIVEUPDATE_KIND_CORE
#define KIND_FILE	LIVEUPDATE_KIND_FILE
#define KIND_FLB	LIVEUPDATE_KIND_FLB

#define CAP_READ	LIVEUPDATE_CAP_READ
#define CAP_WRITE	LIVEUPDATE_CAP_WRITE
#define CAP_MASK	(CAP_READ | CAP_WRITE)

/*
 * The most formats luod reads of one kernel. A kernel lists a handful;
 * the bound keeps a crafted image from costing more than a moment.
 */
#define TABLE_MAX	4096

/* Whether a table knows which version of each type is selected. */
enum { SELECTED_UNKNOWN = -1 };

struct entry {
	char compatible[COMPAT_LEN];
	char type[COMPAT_LEN];	/* compatible without "-v<N>" */
	unsigned int version;	/* N */
	unsigned int kind;	/* KIND_* */
	unsigned int caps;	/* CAP_* */
	int selected;		/* 0, 1 or SELECTED_UNKNOWN */
};

struct table {
	struct entry *entries;	/* in the kernel's order */
	size_t count;
	size_t cap;
	/* Entry indices by (type, version), made by table_seal(). */
	size_t *index;
	/* An image without a .liveupdate_versions section: no formats. */
	bool unlisted;
};

/*
 * Append an entry after validating it: a well-formed compatible of
 * printable characters, a known kind, at most TABLE_MAX entries. Unknown
 * capability bits are ignored. Duplicates are found by table_seal().
 */
int table_add(struct table *t, const char *compatible, unsigned int kind,
	      unsigned int caps, int selected);
/* Make room for @n entries more (at most TABLE_MAX in all). */
int table_reserve(struct table *t, size_t n);
/*
 * Done adding: sort the index (O(n log n)) and refuse a format listed
 * twice or a type listed with two kinds. The lookups below need it.
 */
int table_seal(struct table *t);
void table_free(struct table *t);

/* Does @t list any version of @type? */
bool table_has_type(const struct table *t, const char *type);
/* The kind of @type in @t, 0 if absent. */
unsigned int table_kind(const struct table *t, const char *type);
/* The selected version of @type, 0 if none or unknown. */
unsigned int table_selected(const struct table *t, const char *type);
/* Newest version of @type with all of @caps, 0 if none. */
unsigned int table_newest(const struct table *t, const char *type,
			  unsigned int caps);
/* Does @t have version @version of @type with all of @caps? */
bool table_can(const struct table *t, const char *type, unsigned int version,
	       unsigned int caps);
/*
 * Versions of @type with all of @caps, ascending, at most @max of them
 * into @out. Returns how many there are.
 */
size_t table_versions(const struct table *t, const char *type,
		      unsigned int caps, unsigned int *out, size_t max);
/* "v1,v2" into @buf, "none" when there is none. */
void table_versions_str(const struct table *t, const char *type,
			unsigned int caps, char *buf, size_t len);

/* Split "<type>-v<N>"; -1 (with a message) if malformed. */
int compat_split(const char *compatible, char *type, unsigned int *version);

const char *kind_name(unsigned int kind);
/* KIND_* from "core", "file" or "flb"; 0 if unknown. */
unsigned int kind_parse(const char *s);
/* "r", "w", "rw" or "-". */
const char *caps_name(unsigned int caps);
/* CAP_* from "r", "w" or "rw"; -1 if unknown. */
int caps_parse(const char *s);

#endif
