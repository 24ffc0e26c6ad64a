/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sessions the previous kernel handed over to the daemon, as its
 * manifest lists them, and taking them over at start.
 */
#ifndef LUOD_HANDOVER_H
#define LUOD_HANDOVER_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "manifest.h"

struct in_session {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	int fd;			/* -1 if not retrieved (see err) or finished */
	/* RETRIEVE_SESSION's -errno, or 0; -EAGAIN: retried when asked. */
	int err;
	bool finished;
	bool discarded;
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
/* Open /dev/liveupdate unless it is; -errno (with a message) if it cannot. */
int handover_open_luo(struct daemon *d);
/*
 * "ready" (retrieved), "pending" (not yet: EAGAIN), "failed" (refused),
 * "finished" or "discarded".
 */
static inline const char *in_session_state(const struct in_session *s)
{
	if (s->finished)
		return "finished";
	if (s->discarded)
		return "discarded";
	if (s->err == -EAGAIN)
		return "pending";
	return s->err ? "failed" : "ready";
}

/* Is @s neither finished nor discarded (so the kexec reboot fails)? */
static inline bool in_session_unfinished(const struct in_session *s)
{
	return !s->finished && !s->discarded;
}
/*
 * The way out for the unfinished session @name in @state (as
 * in_session_state() says): "discard it: luod discard db", ...
 */
void session_way_out(const char *name, const char *state, char *buf,
		     size_t len);
/* Retry retrieving a pending session (EAGAIN); logs what happened. */
void handover_retry(struct daemon *d, struct in_session *s);
/*
 * The files handed over to this boot that nobody retrieved yet, as
 * "session vm token 1, ..." into @buf: a kexec or the daemon's end
 * releases them. False if there are none.
 */
bool handover_unretrieved(struct daemon *d, char *buf, size_t len);
/*
 * The incoming sessions that are not finished, with what each still
 * holds and the way out, as "session vm (ready, token 1 not retrieved:
 * finish it: ...); ..." into @buf: the kexec reboot would fail with
 * EBUSY. False if there are none.
 */
bool handover_unfinished(struct daemon *d, char *buf, size_t len);
void handover_free(struct daemon *d);

#endif
