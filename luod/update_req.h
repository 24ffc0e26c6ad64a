/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's "update" request: its image is read beside the event
 * loop, then the update runs in it.
 */
#ifndef LUOD_UPDATE_REQ_H
#define LUOD_UPDATE_REQ_H

#include "daemon_internal.h"
#include "proto.h"

/* Start the update @m of @c; REPLY_LATER, or -1 with an error reply. */
int do_update(struct daemon *d, struct conn *c, struct msg *m, struct msg *r);
/* The event_fd of the update being prepared, -1 if none. */
int update_req_fd(struct daemon *d);
/* The connection fd of the client that waits for it. */
int update_req_client(struct daemon *d);
/*
 * The update is prepared: decide, apply, reply to @c (NULL if its
 * connection is gone: then nothing is done), reboot.
 */
void update_req_ready(struct daemon *d, struct conn *c);
/* Wait for an update being prepared, and drop it (the daemon stops). */
void update_req_cancel(struct daemon *d);

#endif
