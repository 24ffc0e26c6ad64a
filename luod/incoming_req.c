// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's requests on the sessions handed over to this boot:
 * retrieve a file, finish a session, discard one nobody will take back,
 * and list those not finished (the kexec reboot fails while there are).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "incoming_req.h"
#include "kernel.h"
#include "log.h"
#include "reply.h"

/* The incoming session @name, if @c may use it; or an error reply. */
static struct in_session *incoming(struct daemon *d, struct conn *c,
				   const char *name, struct msg *r)
{
	struct in_session *s = handover_find(d, name);

	if (s && may_use(c, s->owner))
		handover_retry(d, s);
	if (!s)
		reply_error(r, EXIT_FAIL, ENOENT, "no session %s was handed over to luod", name);
	else if (!may_use(c, s->owner))
		reply_error(r, EXIT_FAIL, EPERM, "session %s belongs to another user", name);
	else if (s->discarded)
		reply_error(r, EXIT_FAIL, ENOENT, "session %s is discarded", name);
	else if (s->err)
		reply_error(r, EXIT_FAIL, -s->err, "session %s: %s", name,
			    luo_strerror(LUO_RETRIEVE_SESSION, s->err));
	else if (s->finished)
		reply_error(r, EXIT_FAIL, EINVAL, "session %s is finished", name);

	else
		return s;
	return NULL;
}

int do_retrieve(struct daemon *d, struct conn *c, struct msg *m,
		       struct msg *r)
{
	const char *session = msg_get(m, "session");
	struct in_session *s;
	struct in_file *f;
	uint64_t token;
	int fd;

	if (!session || parse_token(msg_get(m, "token"), &token))
		return reply_error(r, EXIT_USAGE, EINVAL, "retrieve takes session= and token=");
	s = incoming(d, c, session, r);
	if (!s)
		return -1;
	f = handover_find_file(d, session, token);
	if (!f)
		return reply_error(r, EXIT_FAIL, ENOENT, "session %s has no token %" PRIu64,
				   session, token);
	fd = luo_retrieve_fd(s->fd, token);
	if (fd < 0)
		return reply_error(r, EXIT_FAIL, -fd, "session %s token %" PRIu64 ": %s",
				   session, token,
				   luo_strerror(LUO_RETRIEVE_FD, fd));
	f->retrieved = true;
	logmsg("retrieve", "session %s token %" PRIu64 " handed back",
	       session, token);
	msg_init(r, "ok");
	msg_add(r, "type", f->h.type);
	msg_add_fd(r, fd);
	return 0;
}

int do_finish(struct daemon *d, struct conn *c, struct msg *m,
		     struct msg *r)
{
	const char *session = msg_get(m, "session");
	struct in_session *s;
	int ret;

	if (!session)
		return reply_error(r, EXIT_USAGE, EINVAL, "finish takes session=");
	s = incoming(d, c, session, r);
	if (!s)
		return -1;
	ret = luo_finish(s->fd);
	if (ret)
		return reply_error(r, EXIT_FAIL, -ret, "session %s: %s", session,
				   luo_strerror(LUO_FINISH, ret));
	close(s->fd);
	s->fd = -1;
	s->finished = true;
	handover_release_luo(d);
	logmsg("finish", "session %s finished", session);
	msg_init(r, "ok");
	return 0;
}

/*
 * Discard the incoming session @name, which may be one luod was not
 * handed (root only: the request is host-wide).
 */
int do_discard(struct daemon *d, struct conn *c, struct msg *m,
	       struct msg *r)
{
	const char *session = msg_get(m, "session");
	struct in_session *s;
	int ret;

	if (!session || !session_name_ok(session))
		return reply_error(r, EXIT_USAGE, EINVAL, "discard takes session=, a session name");
	s = handover_find(d, session);
	if (s && s->fd >= 0)
		return reply_error(r, EXIT_FAIL, EBUSY, "session %s was retrieved: finish it instead (luod client finish %s)",
				   session, session);
	if (s && !in_session_unfinished(s))
		return reply_error(r, EXIT_FAIL, ENOENT, "session %s is %s already",
				   session, in_session_state(s));
	if (handover_open_luo(d))
		return reply_error(r, EXIT_FAIL, EIO, "%s", last_error());
	ret = luo_discard_session(d->luo, session);
	if (ret) {
		handover_release_luo(d);
		return reply_error(r, EXIT_FAIL, -ret, "discard %s: %s", session,
				   luo_strerror(LUO_DISCARD_SESSION, ret));
	}
	if (s)
		s->discarded = true;
	handover_release_luo(d);
	logmsg("discard", "session %s discarded", session);
	msg_init(r, "ok");
	return 0;
}

/*
 * The incoming sessions @c may see that are not finished, a line each:
 * "<name> <state> <why>" (why: the retrieve error, or "-").
 */
int do_unfinished(struct daemon *d, struct conn *c, struct msg *m,
		  struct msg *r)
{
	char list[PROTO_MSG_MAX / 2] = "";
	size_t i, off = 0;

	for (i = 0; i < d->nin; i++) {
		struct in_session *s = &d->in[i];

		if (!may_use(c, s->owner) || !in_session_unfinished(s))
			continue;
		handover_retry(d, s);
		if (!in_session_unfinished(s))
			continue;
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s %s %s\n",
					s->name, in_session_state(s),
					s->err ? luo_strerror(LUO_RETRIEVE_SESSION, s->err) : "-");
		if (off >= sizeof(list))
			return reply_error(r, EXIT_FAIL, E2BIG, "too many sessions to list");
	}
	handover_release_luo(d);
	msg_init(r, "ok");
	msg_add(r, "sessions", list);
	return 0;
}
