/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sessions the previous kernel handed over to the daemon, as its
 * manifest lists them, and taking them over at start.
 */
#ifndef LUOD_HANDOVER_H
#define LUOD_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "manifest.h"

struct in_session {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	int fd;			/* -1 if not retrieved (see err) or finished */
	int err;		/* RETRIEVE_SESSION's -errno, or 0 */
	bool finished;
	uid_t owner;		/* as the manifest says */
};

struct in_file {
	struct held h;		/* h.fd is unused */
	bool retrieved;
};

struct daemon;

/*
 * In a live update boot (or when sysfs cannot tell), retrieve luod's
 * session, read the manifest, finish the session and retrieve the
 * sessions it lists. What fails is logged; the daemon starts anyway.
 */
void handover_take(struct daemon *d);
struct in_session *handover_find(struct daemon *d, const char *name);
struct in_file *handover_find_file(struct daemon *d, const char *session,
				   uint64_t token);
/* Close /dev/liveupdate once no incoming session needs it. */
void handover_release_luo(struct daemon *d);
/*
 * The files handed over to this boot that nobody retrieved yet, as
 * "session vm token 1, ..." into @buf: a kexec or the daemon's end
 * releases them. False if there are none.
 */
bool handover_unretrieved(struct daemon *d, char *buf, size_t len);
void handover_free(struct daemon *d);

#endif
