/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User and group names or numbers, for --daemon-user and --group.
 */
#ifndef LUOD_NAMES_H
#define LUOD_NAMES_H

#include <sys/types.h>

/* @s, a user name or uid, into *@uid; -1 if there is no such user. */
int user_id(const char *s, uid_t *uid);
/* @s, a group name or gid, into *@gid; -1 if there is no such group. */
int group_id(const char *s, gid_t *gid);

#endif
