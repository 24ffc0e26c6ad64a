/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests to a running luod daemon on behalf of other commands.
 */
#ifndef LUOD_CLIENT_H
#define LUOD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

/* The daemon's answer when there is none listening. */
#define NO_DAEMON	(-2)

/*
 * The types of the files the daemon holds, space separated, into @buf;
 * NO_DAEMON if no daemon listens, -1 on error.
 */
int client_types(char *buf, size_t len);

struct update_request {
	const char *image;	/* name */
	int image_fd;
	int initrd_fd;		/* -1 for none */
	const char *cmdline;	/* NULL: the daemon's /proc/cmdline */
	const char *policy;	/* text of the policy file, or NULL */
	bool dry_run;
};

/*
 * Have the daemon run the update; prints its report. Returns the exit
 * status, NO_DAEMON if no daemon listens.
 */
int client_update(const struct update_request *u);

#endif
