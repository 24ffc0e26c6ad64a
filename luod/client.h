/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests to a running luod daemon on behalf of other commands.
 */
#ifndef LUOD_CLIENT_H
#define LUOD_CLIENT_H

#include <stddef.h>

/* The daemon's answer when there is none listening. */
#define NO_DAEMON	(-2)

/*
 * The types of the files the daemon holds, space separated, into @buf;
 * NO_DAEMON if no daemon listens, -1 on error.
 */
int client_types(char *buf, size_t len);

struct update_args;

/*
 * Have the daemon run the update @a; @policy is the text of the policy
 * file or NULL (the daemon parses it: a->policy is not sent). Prints its
 * report. Returns the exit status, NO_DAEMON if no daemon listens.
 */
int client_update(const struct update_args *a, const char *policy);

#endif
