/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's state, shared by its parts: the event loop and the
 * connections (daemon.c), the requests (requests.c, update_req.c) and
 * the sessions handed over to this boot (handover.c).
 */
#ifndef LUOD_DAEMON_INTERNAL_H
#define LUOD_DAEMON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "handover.h"
#include "manifest.h"
#include "peer.h"

#define MAX_CONNS	64

struct conn {
	int fd;
	unsigned long long used;	/* the tick of its last request */
	struct peer peer;		/* as of its connect() */
	bool allowed;		/* root, the daemon's user, or in the group */
	bool busy;		/* its update is being prepared: not polled */
};

struct update_job;

struct daemon {
	const char *socket;
	gid_t group;		/* --group, -1 if none */
	int listen_fd;
	int signal_fd;
	int reserve_fd;		/* closed to accept one more when out of fds */
	bool accept_paused;	/* out of fds: not polling listen_fd */
	int luo;		/* /dev/liveupdate while needed, else -1 */
	struct conn conns[MAX_CONNS];
	size_t nconns;
	unsigned long long tick;	/* counts connections and requests */
	struct held *held;	/* held for the next update */
	size_t nheld;
	struct in_session *in;	/* handed over to this boot */
	size_t nin;
	struct in_file *in_files;
	size_t nin_files;
	struct update_job *update;	/* being prepared, or NULL */
};

/* May @c act on what @owner handed over? Its owner, or root. */
static inline bool may_use(const struct conn *c, uid_t owner)
{
	return c->peer.uid == 0 || c->peer.uid == owner;
}

#endif
