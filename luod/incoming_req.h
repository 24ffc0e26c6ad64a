/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's requests on the sessions handed over to this boot (see
 * requests.c for the table).
 */
#ifndef LUOD_INCOMING_REQ_H
#define LUOD_INCOMING_REQ_H

#include "daemon_internal.h"
#include "proto.h"

int do_retrieve(struct daemon *d, struct conn *c, struct msg *m,
		struct msg *r);
int do_finish(struct daemon *d, struct conn *c, struct msg *m,
	      struct msg *r);
int do_discard(struct daemon *d, struct conn *c, struct msg *m,
	       struct msg *r);
int do_unfinished(struct daemon *d, struct conn *c, struct msg *m,
		  struct msg *r);

#endif
