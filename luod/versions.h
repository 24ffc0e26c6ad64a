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
	struct entry *entries;
	size_t count;
};

/*
 * Append an entry after validating it: a well-formed compatible of
 * printable characters, a known kind, no duplicate. Unknown capability
 * bits are ignored.
 */
int table_add(struct table *t, const char *compatible, unsigned int kind,
	      unsigned int caps, int selected);
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
