// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: the daemon's requests
 *
 * Workloads hand file descriptors to the daemon with a session name and a
 * token ("preserve"). The daemon only holds them: the kernel refuses
 * SET_VERSION for a type once a file of it is preserved, so nothing is
 * preserved before the versions are negotiated, at "update" (update_req.c).
 *
 * A session belongs to the uid that handed over its first file: only
 * that uid (or root) may add to it, drop it, see it in "status", and,
 * after the update, retrieve and finish it. Requests and replies are
 * described in PROTOCOL.md; who may connect at all, in daemon.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "kernel.h"
#include "log.h"
#include "reply.h"
#include "report.h"
#include "incoming_req.h"
#include "requests.h"
#include "sysfs.h"
#include "update_req.h"

static struct held *find_held(struct daemon *d, const char *session,
			      uint64_t token)
{
	size_t i;

	for (i = 0; i < d->nheld; i++)
		if (!strcmp(d->held[i].session, session) &&
		    d->held[i].token == token)
			return &d->held[i];
	return NULL;
}

/* The owner of the held session @name; false if nothing is held for it. */
static bool session_owner(struct daemon *d, const char *name, uid_t *owner)
{
	size_t i;

	for (i = 0; i < d->nheld; i++)
		if (!strcmp(d->held[i].session, name)) {
			*owner = d->held[i].owner;
			return true;
		}
	return false;
}

/* Is @fd a memfd? Its /proc/self/fd link into @link, too. */
static bool is_memfd(int fd, char *link, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, len - 1);
	link[n < 0 ? 0 : n] = '\0';
	return !strncmp(link, "/memfd:", 7) && fcntl(fd, F_GET_SEALS) >= 0;
}

/* The held file that is the same file as @fd, if any. */
static const struct held *find_held_file(struct daemon *d, int fd)
{
	struct stat a, b;
	size_t i;

	if (fstat(fd, &a))
		return NULL;
	for (i = 0; i < d->nheld; i++)
		if (!fstat(d->held[i].fd, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return &d->held[i];
	return NULL;
}

/*
 * Can luod hold the file in @fd as *@type (NULL: a memfd is detected)?
 * Else an error reply. The kernel would refuse the rest only at update.
 */
static int check_file(struct daemon *d, int fd, const char **type,
		      struct msg *r)
{
	struct table running = { 0 };
	const struct held *h;
	char link[PATH_MAX];
	unsigned int kind;
	bool memfd;
	int flags;

	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || (flags & O_PATH))
		return reply_error(r, EXIT_USAGE, EBADF, "an O_PATH descriptor is not an open file");
	memfd = is_memfd(fd, link, sizeof(link));
	if (!*type && !memfd)
		return reply_error(r, EXIT_USAGE, EINVAL, "cannot tell the type of %s; give type=",
				   link);
	if (!*type)
		*type = LUOD_MANIFEST_TYPE;
	if (!type_name_ok(*type))
		return reply_error(r, EXIT_USAGE, EINVAL, "bad type \"%s\"", *type);
	if (!strcmp(*type, LUOD_MANIFEST_TYPE) && !memfd)
		return reply_error(r, EXIT_USAGE, EINVAL, "%s is not a memfd", link);
	h = find_held_file(d, fd);
	if (h)
		return reply_error(r, EXIT_FAIL, EEXIST, "the file is held already, as session %s token %" PRIu64,
				   h->session, h->token);
	if (sysfs_versions(&running))
		return reply_error(r, EXIT_USAGE, EIO, "%s", last_error());
	kind = table_kind(&running, *type);
	table_free(&running);
	if (kind != KIND_FILE)
		return reply_error(r, EXIT_FAIL, ENOENT, "the running kernel has no file type \"%s\"",
				   *type);
	return 0;
}

static int do_preserve(struct daemon *d, struct conn *c, struct msg *m,
		       struct msg *r)
{
	const char *session = msg_get(m, "session");
	const char *type = msg_get(m, "type");
	struct held *h;
	uint64_t token;
	uid_t owner;

	if (m->nfds != 1 || !session ||
	    parse_token(msg_get(m, "token"), &token))
		return reply_error(r, EXIT_USAGE, EINVAL, "preserve takes session=, token=, optional type= and one fd");
	if (!session_name_ok(session) || !strcmp(session, LUOD_SESSION))
		return reply_error(r, EXIT_USAGE, EINVAL, "bad session name \"%s\"", session);
	if (session_owner(d, session, &owner) && !may_use(c, owner))
		return reply_error(r, EXIT_FAIL, EPERM, "session %s belongs to another user",
				   session);
	if (find_held(d, session, token))
		return reply_error(r, EXIT_FAIL, EEXIST, "session %s already has token %" PRIu64,
				   session, token);
	if (check_file(d, m->fds[0], &type, r))
		return -1;

	h = reallocarray(d->held, d->nheld + 1, sizeof(*h));
	if (!h)
		return reply_error(r, EXIT_FAIL, ENOMEM, "out of memory");
	d->held = h;
	h += d->nheld++;
	*h = (struct held){ .token = token, .fd = msg_take_fd(m, 0),
			    .owner = c->peer.uid };
	strcpy(h->session, session);
	strcpy(h->type, type);
	if (c->peer.uid)
		logmsg("preserve", "holding session %s token %" PRIu64 " (%s) for uid %u",
		       session, token, type, (unsigned int)c->peer.uid);
	else
		logmsg("preserve", "holding session %s token %" PRIu64 " (%s)",
		       session, token, type);
	msg_init(r, "ok");
	msg_add(r, "type", type);
	return 0;
}

static int do_drop(struct daemon *d, struct conn *c, struct msg *m,
		   struct msg *r)
{
	const char *session = msg_get(m, "session");
	const char *tok = msg_get(m, "token");
	size_t i, n = 0, dropped = 0;
	uint64_t token = 0;
	uid_t owner;

	if (!session || (tok && parse_token(tok, &token)))
		return reply_error(r, EXIT_USAGE, EINVAL, "drop takes session= and optional token=");
	if (session_owner(d, session, &owner) && !may_use(c, owner))
		return reply_error(r, EXIT_FAIL, EPERM, "session %s belongs to another user",
				   session);
	for (i = 0; i < d->nheld; i++) {
		struct held *h = &d->held[i];

		if (!strcmp(h->session, session) && (!tok || h->token == token)) {
			close(h->fd);
			dropped++;
		} else {
			d->held[n++] = *h;
		}
	}
	d->nheld = n;
	if (!dropped)
		return reply_error(r, EXIT_FAIL, ENOENT, "nothing held for session %s%s%s",
				   session, tok ? " token " : "", tok ? tok : "");
	logmsg("drop", "dropped %zu file(s) of session %s", dropped, session);
	msg_init(r, "ok");
	msg_addf(r, "dropped", "%zu", dropped);
	return 0;
}

/* What @c may see: its own sessions, or all of them for root. */
static int do_status(struct daemon *d, struct conn *c, struct msg *m,
		     struct msg *r)
{
	struct out o = { .json = msg_flag(m, "json"),
			 .pretty = msg_flag(m, "pretty") };
	const struct held **held = calloc(d->nheld + 1, sizeof(*held));
	const struct in_session **in = calloc(d->nin + 1, sizeof(*in));
	struct status s = { held, 0, in, 0, d->in_files, d->nin_files };
	char *text = NULL;
	size_t i, len;

	o.f = held && in ? open_memstream(&text, &len) : NULL;
	if (!o.f) {
		free(held);
		free(in);
		return reply_error(r, EXIT_FAIL, ENOMEM, "out of memory");
	}
	for (i = 0; i < d->nheld; i++)
		if (may_use(c, d->held[i].owner))
			held[s.nheld++] = &d->held[i];
	for (i = 0; i < d->nin; i++)
		if (may_use(c, d->in[i].owner))
			in[s.nin++] = &d->in[i];
	report_status(&o, &s);
	fclose(o.f);
	reply_output(c->fd, "ok", EXIT_OK, text, len, false);
	free(text);
	free(held);
	free(in);
	return 0;
}

/* The distinct types of the held files, space separated. */
static int do_types(struct daemon *d, struct conn *c, struct msg *m,
		    struct msg *r)
{
	char types[PROTO_MSG_MAX / 2] = "";
	size_t i, k, off = 0;

	for (i = 0; i < d->nheld; i++) {
		const char *t = d->held[i].type;

		for (k = 0; k < i && strcmp(d->held[k].type, t); k++)
			;
		if (k == i && off + strlen(t) + 2 < sizeof(types))
			off += (size_t)sprintf(types + off, "%s%s",
					       off ? " " : "", t);
	}
	msg_init(r, "ok");
	msg_add(r, "types", types);
	return 0;
}

static const struct request {
	const char *verb;
	int (*fn)(struct daemon *d, struct conn *c, struct msg *m,
		  struct msg *r);
	const char *const keys[10];	/* the fields it takes */
	const char *const flags[8];	/* those of them that are 0 or 1 */
	bool fds;			/* takes fds (fn checks how many) */
	bool host_wide;			/* root or CAP_SYS_BOOT only */
} requests[] = {
	{ "preserve", do_preserve, { "session", "token", "type" }, .fds = true },
	{ "drop", do_drop, { "session", "token" } },
	{ "retrieve", do_retrieve, { "session", "token" } },
	{ "finish", do_finish, { "session" } },
	{ "discard", do_discard, { "session" }, .host_wide = true },
	{ "unfinished", do_unfinished },
	{ "status", do_status, { "json", "pretty" }, { "json", "pretty" } },
	{ "types", do_types },
	{ "update", do_update,
	  { "image", "initrd", "cmdline", "policy", "dry-run", "modules",
	    "json", "pretty" },
	  { "initrd", "dry-run", "json", "pretty" }, .fds = true,
	  .host_wide = true },
};

/*
 * Check the request @m against its verb's entry, and handle it. Returns
 * what its handler returns: REPLY_LATER if it replies itself, later.
 */
static int handle(struct daemon *d, struct conn *c, struct msg *m,
		  struct msg *r)
{
	const struct request *q;

	for (q = requests; q < requests + ARRAY_SIZE(requests); q++)
		if (!strcmp(msg_verb(m), q->verb))
			break;
	if (q == requests + ARRAY_SIZE(requests))
		return reply_error(r, EXIT_USAGE, EINVAL, "unknown request \"%s\"",
				   msg_verb(m));
	if (msg_check(m, q->keys, q->flags))
		return reply_error(r, EXIT_USAGE, EINVAL, "%s: %s", q->verb,
				   last_error());
	if (m->nfds && !q->fds)
		return reply_error(r, EXIT_USAGE, EINVAL, "%s takes no descriptors",
				   q->verb);
	if (q->host_wide && !c->peer.cap_sys_boot)
		return reply_error(r, EXIT_FAIL, EPERM, "%s needs root or CAP_SYS_BOOT (uid %u has neither)",
				   q->verb, (unsigned int)c->peer.uid);
	return q->fn(d, c, m, r);
}

bool requests_serve(struct daemon *d, struct conn *c)
{
	struct msg *m = malloc(sizeof(*m)), *r = malloc(sizeof(*r));
	bool keep = true, later = false;
	int ret;

	if (!m || !r) {
		free(m);
		free(r);
		return false;
	}
	/* Requests that reply with output send it themselves. */
	r->len = 0;
	r->nfds = 0;
	ret = msg_recv(c->fd, m);
	if (ret > 0 && !c->allowed) {
		reply_error(r, EXIT_FAIL, EACCES, "uid %u may not use luod: root%s only",
			    (unsigned int)c->peer.uid,
			    d->group != (gid_t)-1 ? " and the daemon's group" : "");
		keep = false;
	} else if (ret > 0) {
		later = handle(d, c, m, r) == REPLY_LATER;
	} else if (m->fds_lost) {
		/* Not the client's fault: it may try again. */
		reply_error(r, EXIT_FAIL, EMFILE, "%s", last_error());
	} else {
		/* Also the end of the connection: then the reply goes nowhere. */
		if (ret < 0)
			logmsg("error", "%s", last_error());
		reply_error(r, EXIT_USAGE, EINVAL, "%s",
			    ret ? last_error() : "empty message");
		keep = false;
	}
	if (!later && r->len && msg_send(c->fd, r))
		keep = false;
	/* A retrieved fd is the client's now; fds received and not held go. */
	msg_close_fds(r);
	msg_close_fds(m);
	free(m);
	free(r);
	return keep;
}
