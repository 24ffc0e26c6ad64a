/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The files luod holds for workloads, and the manifest that carries their
 * names across the kexec in luod's own session.
 */
#ifndef LUOD_MANIFEST_H
#define LUOD_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <linux/liveupdate.h>

#include "versions.h"

/* luod's own session and the token of the manifest in it. */
#define LUOD_SESSION		"luod"
#define LUOD_MANIFEST_TOKEN	0
/* The type of the manifest file: luod needs it whenever it hands over. */
#define LUOD_MANIFEST_TYPE	"vlu-memfd"

struct held {
	char session[LIVEUPDATE_SESSION_NAME_LENGTH];
	uint64_t token;
	char type[COMPAT_LEN];
	int fd;			/* -1 when read back from a manifest */
	uid_t owner;		/* the uid that handed the session over */
};

/*
 * Session names and types are 1 to 63 (types: 47) printable characters
 * without spaces; "luod" is luod's own session.
 */
bool session_name_ok(const char *name);
bool type_name_ok(const char *type);
/* A token: a decimal u64. */
int parse_token(const char *s, uint64_t *token);

/*
 * The manifest is text; version 2 adds the owner's uid (a version 1
 * manifest's sessions belong to root):
 *
 *   luod-manifest 2
 *   file <session> <token> <type> <uid>
 *   ...
 */
void manifest_print(FILE *f, const struct held *const *files, size_t n);
int manifest_parse(const char *text, struct held **files, size_t *n);

#endif
