// SPDX-License-Identifier: GPL-2.0
/*
 * Names through NSS (getpwnam, getgrnam); in the static build, whose NSS
 * would need the shared libraries at run time, straight from /etc/passwd
 * and /etc/group.
 */
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "number.h"

#ifdef LUOD_STATIC
static struct passwd *find_user(const char *name)
{
	FILE *f = fopen("/etc/passwd", "re");
	struct passwd *p = NULL;

	while (f && (p = fgetpwent(f)) && strcmp(p->pw_name, name))
		;
	if (f)
		fclose(f);
	return p;
}

static struct group *find_group(const char *name)
{
	FILE *f = fopen("/etc/group", "re");
	struct group *g = NULL;

	while (f && (g = fgetgrent(f)) && strcmp(g->gr_name, name))
		;
	if (f)
		fclose(f);
	return g;
}
#else
#define find_user	getpwnam
#define find_group	getgrnam
#endif

int user_id(const char *s, uid_t *uid)
{
	unsigned long long n;
	struct passwd *p;

	if (!parse_uint(s, UINT32_MAX - 1, &n)) {
		*uid = (uid_t)n;
		return 0;
	}
	p = find_user(s);
	if (!p)
		return -1;
	*uid = p->pw_uid;
	return 0;
}

int group_id(const char *s, gid_t *gid)
{
	unsigned long long n;
	struct group *g;

	if (!parse_uint(s, UINT32_MAX - 1, &n)) {
		*gid = (gid_t)n;
		return 0;
	}
	g = find_group(s);
	if (!g)
		return -1;
	*gid = g->gr_gid;
	return 0;
}
