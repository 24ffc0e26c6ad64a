/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's socket protocol (PROTOCOL.md): SOCK_SEQPACKET messages of
 * NUL-terminated fields, a verb first and then "key=value" fields, with
 * file descriptors attached as SCM_RIGHTS.
 */
#ifndef LUOD_PROTO_H
#define LUOD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

#define PROTO_MSG_MAX	(32 * 1024)
#define PROTO_FDS_MAX	4

struct msg {
	char buf[PROTO_MSG_MAX];
	size_t len;
	int fds[PROTO_FDS_MAX];
	size_t nfds;
	bool fds_lost;		/* msg_recv(): no fd was left to take them */
};

/* Start a message whose first field is @verb. */
void msg_init(struct msg *m, const char *verb);
int msg_add(struct msg *m, const char *key, const char *value);
int msg_addf(struct msg *m, const char *key, const char *fmt, ...)
	__printf(3, 4);
/* Attach @fd; it is sent, not closed. */
int msg_add_fd(struct msg *m, int fd);

int msg_send(int sock, const struct msg *m);
/*
 * Returns 1 with a well-formed message; 0 at the end of the connection
 * or for an empty message (SOCK_SEQPACKET cannot tell them apart); -1
 * for an error or a malformed message (truncated, more than
 * PROTO_FDS_MAX fds, not NUL-terminated), its fds closed; also when the
 * fds could not be received for want of a free descriptor (then
 * m->fds_lost).
 */
int msg_recv(int sock, struct msg *m);
/* Close the received fds nobody took (see msg_take_fd()). */
void msg_close_fds(struct msg *m);
/* Take received fd @i (the caller owns it then); -1 if there is none. */
int msg_take_fd(struct msg *m, size_t i);

const char *msg_verb(const struct msg *m);
/* The value of @key, NULL if absent. */
const char *msg_get(const struct msg *m, const char *key);
/* A boolean field: true if "1" (msg_check() allows "0" and "1" only). */
bool msg_flag(const struct msg *m, const char *key);
/*
 * Is every field of @m "key=value" with a key of the NULL-terminated
 * @keys, given at most once, and "0" or "1" if the key is among @flags?
 * Else -1 with a message.
 */
int msg_check(const struct msg *m, const char *const *keys,
	      const char *const *flags);

/* Connect to the daemon; -errno on failure. */
int proto_connect(const char *path);
/*
 * Listen on @path, mode 0600, or 0660 and group @group unless it is -1.
 * A socket there nobody listens on is left over and replaced; anything
 * else there is an error.
 */
int proto_listen(const char *path, gid_t group);

#endif
