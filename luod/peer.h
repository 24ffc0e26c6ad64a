/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who is at the other end of a unix socket (SO_PEERCRED and friends), as
 * of its connect(2): the daemon decides what a client may do with it,
 * and a client checks that the daemon is one it may trust.
 */
#ifndef LUOD_PEER_H
#define LUOD_PEER_H

#include <stdbool.h>
#include <sys/types.h>

struct peer {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	bool in_group;		/* of the group peer_get() was asked about */
	bool cap_sys_boot;	/* in its effective set */
};

/*
 * The credentials of the peer of @sock; @group (or -1 for none) is the
 * group whose membership (primary or supplementary) is recorded. The
 * capability is read through a pidfd (SO_PEERPIDFD, Linux 6.5), so that
 * a reused pid cannot lend its capabilities; without one it is false.
 * Returns 0, or -1 with a message.
 */
int peer_get(int sock, gid_t group, struct peer *p);

/*
 * May a client trust the daemon at @sock (and hand it files, believe its
 * replies)? Yes if it runs as root, as this process's user, or as
 * @trusted (-1: none). Else -1, with a message naming the uid.
 */
int peer_check_daemon(int sock, const char *path, uid_t trusted);

#endif
