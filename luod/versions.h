/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel's table of serialization formats, as read from the
 * .liveupdate_versions section of an image (and its modules) or from the
 * running kernel's sysfs. A format is a type and an integer version,
 * named "<type>-v<N>"; the type and version are data, never parsed out
 * of the name.
 */
#ifndef LUOD_VERSIONS_H
#define LUOD_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/liveupdate.h>

#define COMPAT_LEN	LIVEUPDATE_COMPAT_LENGTH
#define MAX_FLB_DEPS	LIVEUPDATE_MAX_FLB_DEPS
#define PROVIDER_LEN	LIVEUPDATE_PROVIDER_LENGTH

#define KIND_CORE	LIVEUPDATE_KIND_CORE
#define KIND_FILE	LIVEUPDATE_KIND_FILE
#define KIND_FLB	LIVEUPDATE_KIND_FLB

#define CAP_READ	LIVEUPDATE_CAP_READ
#define CAP_WRITE	LIVEUPDATE_CAP_WRITE
#define CAP_MASK	(CAP_READ | CAP_WRITE)

/* Where formats come from unless a module lists them. */
#define PROVIDER_VMLINUX	"vmlinux"

/*
 * The most formats luod reads of one kernel. A kernel lists a handful;
 * the bound keeps a crafted image from costing more than a moment.
 */
#define TABLE_MAX	4096

/* A selected or registered state a table does not know (an image's). */
enum { UNKNOWN = -1 };

struct entry {
	char compatible[COMPAT_LEN];	/* "<type>-v<version>" */
	char type[COMPAT_LEN];
	unsigned int version;
	unsigned int kind;		/* KIND_* */
	/* CAP_*: what works now (running kernel), or what is listed. */
	unsigned int caps;
	unsigned int listed_caps;	/* CAP_* the image lists */
	int selected;			/* 0, 1 or UNKNOWN */
	int registered;			/* 0, 1 or UNKNOWN */
	/* File handlers: the FLB types their files need. */
	char flb_deps[MAX_FLB_DEPS][COMPAT_LEN];
	unsigned int nflb;
	char provider[PROVIDER_LEN];	/* "vmlinux" or a module's name */
};

/* What a table is, beside its formats. */
enum table_source {
	TABLE_LISTED,		/* a section of format 2, or sysfs */
	TABLE_UNLISTED,		/* an image without a section: no formats */
	TABLE_LEGACY,		/* section format 1: names that collide */
};

struct table {
	struct entry *entries;	/* in the kernel's order */
	size_t count;
	size_t cap;
	/* Entry indices by (type, version), made by table_seal(). */
	size_t *index;
	enum table_source source;
	/* The running kernel's live update state: "" if enabled. */
	char disabled[128];
};

/*
 * Append @e after validating it: a type of printable characters, a
 * version of 1 or more, a compatible that is "<type>-v<version>", a known
 * kind, FLB types for file handlers only, at most TABLE_MAX entries.
 * Unknown capability bits are ignored; an empty provider is vmlinux.
 * Duplicates are found by table_seal().
 */
int table_add(struct table *t, const struct entry *e);
/* Make room for @n entries more (at most TABLE_MAX in all). */
int table_reserve(struct table *t, size_t n);
/*
 * Done adding: sort the index (O(n log n)) and refuse a format listed
 * twice or a type listed with two kinds. The lookups below need it.
 */
int table_seal(struct table *t);
void table_free(struct table *t);

/* The entry of version @version of @type, NULL if none. */
const struct entry *table_find(const struct table *t, const char *type,
			       unsigned int version);
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
/* The newest version of @type that @w writes and @r reads, 0 if none. */
unsigned int table_newest_common(const struct table *w,
				 const struct table *r, const char *type);
/*
 * Does @t list a version of @type with all of @caps that is not
 * registered now (a handler disabled at boot, a module not loaded)?
 */
bool table_unregistered(const struct table *t, const char *type,
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

/* A type name: 1 to 47 printable characters, no spaces. */
bool type_ok(const char *type);
/* The FLB types of @e as "a b" into @buf ("" if none). */
void entry_deps_str(const struct entry *e, char *buf, size_t len);

const char *kind_name(unsigned int kind);
/* KIND_* from "core", "file" or "flb"; 0 if unknown. */
unsigned int kind_parse(const char *s);
/* "r", "w", "rw" or "-". */
const char *caps_name(unsigned int caps);
/* CAP_* from "-", "r", "w" or "rw"; -1 if unknown. */
int caps_parse(const char *s);

#endif
