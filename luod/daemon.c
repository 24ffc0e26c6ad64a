// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: luod daemon
 *
 * Workloads hand file descriptors to the daemon with a session name and a
 * token ("preserve"). The daemon only holds them: the kernel refuses
 * SET_VERSION for a type once a file of it is preserved, so nothing is
 * preserved before the versions are negotiated, at "update".
 *
 * The update then preserves the held files in their sessions, and the
 * list of them (the manifest) in a memfd as token 0 of luod's own session
 * "luod", and kexecs. In the next kernel the daemon retrieves "luod"
 * first, reads the manifest, finishes "luod", and retrieves the sessions
 * it lists. Workloads ask for their files back by session and token
 * ("retrieve"), then "finish" their session.
 *
 * The daemon is single-threaded: one request at a time, from up to
 * MAX_CONNS connections (a new one beyond that closes the one idle the
 * longest). Requests and replies are described in PROTOCOL.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "error.h"
#include "json.h"
#include "kernel.h"
#include "luod.h"
#include "manifest.h"
#include "policy.h"
#include "proto.h"
#include "report.h"
#include "sysfs.h"
#include "update.h"

#define MAX_CONNS	64

/* A session the previous kernel handed over, listed in the manifest. */
struct in_session {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	int fd;			/* -1 if not retrieved (see err) */
	int err;		/* RETRIEVE_SESSION's -errno, or 0 */
	bool finished;
};

struct in_file {
	struct held h;		/* h.fd is unused */
	bool retrieved;
};

struct conn {
	int fd;
	unsigned long long used;	/* the tick of its last request */
};

struct daemon {
	const char *socket;
	int listen_fd;
	int signal_fd;
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
};

static void logmsg(const char *event, const char *fmt, ...) __printf(2, 3);

static void logmsg(const char *event, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (opts.json) {
		struct json j;

		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_string(&j, "event", event);
		json_string(&j, "message", text);
		json_finish(&j);
		fflush(stdout);
	} else {
		fprintf(stderr, "luod: %s: %s\n", event, text);
	}
}

static int reply_error(struct msg *r, int code, int err, const char *fmt, ...)
	__printf(4, 5);

/* An "error" reply: exit status @code for the client, errno @err. */
static int reply_error(struct msg *r, int code, int err, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	msg_init(r, "error");
	msg_addf(r, "exit", "%d", code);
	msg_add(r, "errno", strerrorname_np(err) ? strerrorname_np(err) : "?");
	msg_add(r, "message", text);
	return -1;
}

/*
 * Send @text as "output" fields, in as many messages as it takes. With
 * @reboot they say more=1 and reboot=1: the daemon reboots next, and
 * sends a final message only if that fails.
 */
static void reply_output(int sock, const char *verb, int exit_code,
			 const char *text, size_t len, bool reboot)
{
	const size_t chunk = PROTO_MSG_MAX - 256;
	struct msg *r = malloc(sizeof(*r));
	size_t off = 0;

	if (!r)
		return;
	do {
		size_t n = len - off < chunk ? len - off : chunk;
		char *part = strndup(text + off, n);

		msg_init(r, verb);
		msg_addf(r, "exit", "%d", exit_code);
		if (part)
			msg_add(r, "output", part);
		free(part);
		off += n;
		if (off < len || reboot)
			msg_add(r, "more", "1");
		if (reboot)
			msg_add(r, "reboot", "1");
		if (msg_send(sock, r))
			break;
	} while (off < len);
	free(r);
}

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

static struct in_session *find_in(struct daemon *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nin; i++)
		if (!strcmp(d->in[i].name, name))
			return &d->in[i];
	return NULL;
}

static struct in_file *find_in_file(struct daemon *d, const char *session,
				    uint64_t token)
{
	size_t i;

	for (i = 0; i < d->nin_files; i++)
		if (!strcmp(d->in_files[i].h.session, session) &&
		    d->in_files[i].h.token == token)
			return &d->in_files[i];
	return NULL;
}

/* Close /dev/liveupdate once no incoming session needs it. */
static void release_luo(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nin; i++)
		if (d->in[i].fd >= 0)
			return;
	if (d->luo >= 0)
		close(d->luo);
	d->luo = -1;
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

static int do_preserve(struct daemon *d, int sock, struct msg *m,
		       struct msg *r)
{
	const char *session = msg_get(m, "session");
	const char *type = msg_get(m, "type");
	struct held *h;
	uint64_t token;

	if (m->nfds != 1 || !session ||
	    parse_token(msg_get(m, "token"), &token))
		return reply_error(r, EXIT_USAGE, EINVAL, "preserve takes session=, token=, optional type= and one fd");
	if (!session_name_ok(session) || !strcmp(session, LUOD_SESSION))
		return reply_error(r, EXIT_USAGE, EINVAL, "bad session name \"%s\"", session);
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
	*h = (struct held){ .token = token, .fd = msg_take_fd(m, 0) };
	strcpy(h->session, session);
	strcpy(h->type, type);
	logmsg("preserve", "holding session %s token %" PRIu64 " (%s)",
	       session, token, type);
	msg_init(r, "ok");
	msg_add(r, "type", type);
	return 0;
}

static int do_drop(struct daemon *d, int sock, struct msg *m, struct msg *r)
{
	const char *session = msg_get(m, "session");
	const char *tok = msg_get(m, "token");
	size_t i, n = 0, dropped = 0;
	uint64_t token = 0;

	if (!session || (tok && parse_token(tok, &token)))
		return reply_error(r, EXIT_USAGE, EINVAL, "drop takes session= and optional token=");
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

/* The incoming session @name, or an error reply. */
static struct in_session *incoming(struct daemon *d, const char *name,
				   struct msg *r)
{
	struct in_session *s = find_in(d, name);

	if (!s)
		reply_error(r, EXIT_FAIL, ENOENT, "no session %s was handed over to luod", name);
	else if (s->err)
		reply_error(r, EXIT_FAIL, -s->err, "session %s: %s", name,
			    luo_strerror(LUO_RETRIEVE_SESSION, s->err));
	else if (s->finished)
		reply_error(r, EXIT_FAIL, EINVAL, "session %s is finished", name);
	else
		return s;
	return NULL;
}

static int do_retrieve(struct daemon *d, int sock, struct msg *m,
		       struct msg *r)
{
	const char *session = msg_get(m, "session");
	struct in_session *s;
	struct in_file *f;
	uint64_t token;
	int fd;

	if (!session || parse_token(msg_get(m, "token"), &token))
		return reply_error(r, EXIT_USAGE, EINVAL, "retrieve takes session= and token=");
	s = incoming(d, session, r);
	if (!s)
		return -1;
	f = find_in_file(d, session, token);
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

static int do_finish(struct daemon *d, int sock, struct msg *m,
		     struct msg *r)
{
	const char *session = msg_get(m, "session");
	struct in_session *s;
	int ret;

	if (!session)
		return reply_error(r, EXIT_USAGE, EINVAL, "finish takes session=");
	s = incoming(d, session, r);
	if (!s)
		return -1;
	ret = luo_finish(s->fd);
	if (ret)
		return reply_error(r, EXIT_FAIL, -ret, "session %s: %s", session,
				   luo_strerror(LUO_FINISH, ret));
	close(s->fd);
	s->fd = -1;
	s->finished = true;
	release_luo(d);
	logmsg("finish", "session %s finished", session);
	msg_init(r, "ok");
	return 0;
}

static void status_json(struct daemon *d, struct json *j)
{
	size_t i, k;

	json_object(j, NULL);
	json_array(j, "held");
	for (i = 0; i < d->nheld; i++) {
		json_object(j, NULL);
		json_string(j, "session", d->held[i].session);
		json_uint(j, "token", d->held[i].token);
		json_string(j, "type", d->held[i].type);
		json_end(j);
	}
	json_end(j);
	json_array(j, "incoming");
	for (i = 0; i < d->nin; i++) {
		const struct in_session *s = &d->in[i];

		json_object(j, NULL);
		json_string(j, "session", s->name);
		json_string(j, "state", s->err ? "failed" :
			    s->finished ? "finished" : "ready");
		json_string(j, "error", s->err ?
			    luo_strerror(LUO_RETRIEVE_SESSION, s->err) : NULL);
		json_array(j, "files");
		for (k = 0; k < d->nin_files; k++) {
			const struct in_file *f = &d->in_files[k];

			if (strcmp(f->h.session, s->name))
				continue;
			json_object(j, NULL);
			json_uint(j, "token", f->h.token);
			json_string(j, "type", f->h.type);
			json_bool(j, "retrieved", f->retrieved);
			json_end(j);
		}
		json_end(j);
		json_end(j);
	}
	json_finish(j);
}

static void status_text(struct daemon *d, FILE *f)
{
	size_t i, k;

	fprintf(f, "held for the next update: %zu file(s)\n", d->nheld);
	for (i = 0; i < d->nheld; i++)
		fprintf(f, "  session %s token %" PRIu64 " %s\n",
			d->held[i].session, d->held[i].token, d->held[i].type);
	fprintf(f, "handed over to this boot: %zu session(s)\n", d->nin);
	for (i = 0; i < d->nin; i++) {
		const struct in_session *s = &d->in[i];

		fprintf(f, "  session %s: %s\n", s->name, s->err ?
			luo_strerror(LUO_RETRIEVE_SESSION, s->err) :
			s->finished ? "finished" : "ready");
		for (k = 0; k < d->nin_files; k++)
			if (!strcmp(d->in_files[k].h.session, s->name))
				fprintf(f, "    token %" PRIu64 " %s%s\n",
					d->in_files[k].h.token,
					d->in_files[k].h.type,
					d->in_files[k].retrieved ?
					" (retrieved)" : "");
	}
}

static int do_status(struct daemon *d, int sock, struct msg *m,
		     struct msg *r)
{
	bool json = msg_flag(m, "json"), pretty = msg_flag(m, "pretty");
	size_t len;
	char *text;
	FILE *f;

	f = open_memstream(&text, &len);
	if (!f)
		return reply_error(r, EXIT_FAIL, ENOMEM, "out of memory");
	if (json) {
		struct json j;

		json_init(&j, f, pretty);
		status_json(d, &j);
	} else {
		status_text(d, f);
	}
	fclose(f);
	reply_output(sock, "ok", EXIT_OK, text, len, false);
	free(text);
	return 0;
}

/* The distinct types of the held files, space separated. */
static int do_types(struct daemon *d, int sock, struct msg *m, struct msg *r)
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

/*
 * The files handed over to this boot that nobody retrieved yet, as
 * "session vm token 1, ..." into @buf: a kexec or the daemon's end
 * releases them. False if there are none.
 */
static bool unretrieved(struct daemon *d, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < d->nin_files; i++) {
		const struct in_file *f = &d->in_files[i];
		const struct in_session *s = find_in(d, f->h.session);

		/* Only a session retrieved and not finished has them. */
		if (f->retrieved || !s || s->fd < 0 || off >= len)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%ssession %s token %" PRIu64,
					off ? ", " : "", f->h.session, f->h.token);
	}
	return off;
}

/* A report of @p by @fn, as text or JSON, in a new string. */
static char *render(const struct plan *p, bool json, bool pretty,
		    void (*fn)(const struct out *, const struct plan *),
		    size_t *len)
{
	struct out o = { .json = json, .pretty = pretty };
	char *text = NULL;

	*len = 0;
	o.f = open_memstream(&text, len);
	if (!o.f)
		return NULL;
	fn(&o, p);
	fclose(o.f);
	return text;
}

static int do_update(struct daemon *d, int sock, struct msg *m,
		     struct msg *r)
{
	const char *image = msg_get(m, "image");
	const char *policy = msg_get(m, "policy");
	bool json = msg_flag(m, "json"), pretty = msg_flag(m, "pretty");
	size_t len, fds = msg_flag(m, "initrd") ? 2 : 1;
	struct update_args a = { .initrd_fd = -1 };
	struct policy pol = { 0 };
	char *text, lost[512];
	struct plan p;
	int code, err;

	if (!image || m->nfds != fds)
		return reply_error(r, EXIT_USAGE, EINVAL, "update takes image=, optional initrd=1, cmdline=, policy=, dry-run=1, and the image (and initrd) fd");
	if (unretrieved(d, lost, sizeof(lost))) {
		logmsg("warning", "update refused: %s not retrieved", lost);
		return reply_error(r, EXIT_FAIL, EBUSY, "files handed over to this boot are not retrieved: %s; retrieve them, or release them with 'luod client finish SESSION'",
				   lost);
	}
	if (policy && policy_parse(&pol, policy, "policy"))
		return reply_error(r, EXIT_USAGE, EINVAL, "%s", last_error());
	a.image_fd = m->fds[0];
	a.image = image;
	a.initrd_fd = fds == 2 ? m->fds[1] : -1;
	a.cmdline = msg_get(m, "cmdline");
	a.policy = &pol;
	a.dry_run = msg_flag(m, "dry-run");

	if (update_plan(&p, &a, d->held, d->nheld)) {
		update_free(&p);
		policy_free(&pol);
		return reply_error(r, EXIT_USAGE, EIO, "%s", last_error());
	}
	if (p.state == PLAN_READY && !a.dry_run)
		update_apply(&p, &d->luo);
	text = render(&p, json, pretty, report_plan, &len);
	code = p.state == PLAN_READY || p.state == PLAN_LOADED ?
	       EXIT_OK : EXIT_FAIL;
	logmsg("update", "%s: %s%s%s", image, plan_state_name(p.state),
	       code ? ": " : "", code ? p.why : "");
	reply_output(sock, "ok", code, text ? text : "", len,
		     p.state == PLAN_LOADED);
	free(text);
	if (p.state == PLAN_LOADED) {
		logmsg("update", "kexec reboot into %s", image);
		err = update_reboot(&p, d->luo);
		logmsg("error", "%s", p.why);
		reply_error(r, EXIT_FAIL, -err, "%s", p.why);
		text = render(&p, json, pretty, report_plan_state, &len);
		if (len)
			msg_add(r, "output", text);
		free(text);
	}
	update_free(&p);
	policy_free(&pol);
	release_luo(d);
	return 0;
}

static const struct request {
	const char *verb;
	int (*fn)(struct daemon *d, int sock, struct msg *m, struct msg *r);
	const char *const keys[8];	/* the fields it takes */
	const char *const flags[8];	/* those of them that are 0 or 1 */
	bool fds;			/* takes fds (fn checks how many) */
} requests[] = {
	{ "preserve", do_preserve, { "session", "token", "type" }, .fds = true },
	{ "drop", do_drop, { "session", "token" } },
	{ "retrieve", do_retrieve, { "session", "token" } },
	{ "finish", do_finish, { "session" } },
	{ "status", do_status, { "json", "pretty" }, { "json", "pretty" } },
	{ "types", do_types },
	{ "update", do_update,
	  { "image", "initrd", "cmdline", "policy", "dry-run", "json", "pretty" },
	  { "initrd", "dry-run", "json", "pretty" }, .fds = true },
};

/* Check the request @m against its verb's entry, and handle it. */
static void handle(struct daemon *d, int sock, struct msg *m, struct msg *r)
{
	const struct request *q;

	for (q = requests; q < requests + ARRAY_SIZE(requests); q++)
		if (!strcmp(msg_verb(m), q->verb))
			break;
	if (q == requests + ARRAY_SIZE(requests))
		reply_error(r, EXIT_USAGE, EINVAL, "unknown request \"%s\"",
			    msg_verb(m));
	else if (msg_check(m, q->keys, q->flags))
		reply_error(r, EXIT_USAGE, EINVAL, "%s: %s", q->verb,
			    last_error());
	else if (m->nfds && !q->fds)
		reply_error(r, EXIT_USAGE, EINVAL, "%s takes no descriptors",
			    q->verb);
	else
		q->fn(d, sock, m, r);
}

/*
 * Handle one request from @sock; false when the connection is done. A
 * malformed message gets an error reply, then the connection is closed.
 */
static bool serve(struct daemon *d, int sock)
{
	struct msg *m = malloc(sizeof(*m)), *r = malloc(sizeof(*r));
	bool keep = true;
	int ret;

	if (!m || !r) {
		free(m);
		free(r);
		return false;
	}
	/* Requests that reply with output send it themselves. */
	r->len = 0;
	r->nfds = 0;
	ret = msg_recv(sock, m);
	if (ret > 0) {
		handle(d, sock, m, r);
	} else {
		/* Also the end of the connection: then the reply goes nowhere. */
		if (ret < 0)
			logmsg("error", "%s", last_error());
		reply_error(r, EXIT_USAGE, EINVAL, "%s",
			    ret ? last_error() : "empty message");
		keep = false;
	}
	if (r->len && msg_send(sock, r))
		keep = false;
	/* A retrieved fd is the client's now; fds received and not held go. */
	msg_close_fds(r);
	msg_close_fds(m);
	free(m);
	free(r);
	return keep;
}

/* Read luod's manifest from the incoming session "luod", then finish it. */
static int read_manifest(struct daemon *d, struct held **files, size_t *n)
{
	char *text = NULL;
	struct stat st;
	ssize_t got;
	int s, fd, ret = -1;

	s = luo_retrieve_session(d->luo, LUOD_SESSION);
	if (s == -ENOENT) {
		logmsg("start", "no session \"%s\": nothing was handed over to luod",
		       LUOD_SESSION);
		return 0;
	}
	if (s < 0)
		return fail("session %s: %s", LUOD_SESSION,
			    luo_strerror(LUO_RETRIEVE_SESSION, s));
	fd = luo_retrieve_fd(s, LUOD_MANIFEST_TOKEN);
	if (fd < 0) {
		fail("manifest: %s", luo_strerror(LUO_RETRIEVE_FD, fd));
		goto out;
	}
	if (fstat(fd, &st) || st.st_size > (1 << 26)) {
		fail("manifest: bad size");
		goto out_fd;
	}
	text = calloc(1, (size_t)st.st_size + 1);
	if (!text) {
		fail("out of memory");
		goto out_fd;
	}
	got = pread(fd, text, (size_t)st.st_size, 0);
	if (got != st.st_size) {
		fail("manifest: short read");
		goto out_fd;
	}
	ret = manifest_parse(text, files, n);
	if (!ret && luo_finish(s))
		logmsg("warning", "could not finish session %s", LUOD_SESSION);
out_fd:
	close(fd);
out:
	free(text);
	close(s);
	return ret;
}

/*
 * In a live update boot (or when sysfs cannot tell), take back what the
 * previous luod handed over.
 */
static void take_over(struct daemon *d)
{
	int boot = sysfs_liveupdate_boot();
	struct held *files = NULL;
	size_t i, n = 0;

	if (!boot)
		return;
	d->luo = luo_open();
	if (d->luo < 0) {
		if (boot > 0)
			logmsg("error", "%s: %s", LUO_DEVICE,
			       luo_strerror(LUO_OPEN, d->luo));
		d->luo = -1;
		return;
	}
	if (read_manifest(d, &files, &n)) {
		logmsg("error", "%s", last_error());
		n = 0;
	}
	d->in_files = calloc(n + 1, sizeof(*d->in_files));
	d->in = calloc(n + 1, sizeof(*d->in));
	if (!d->in_files || !d->in) {
		logmsg("error", "out of memory");
		n = 0;
	}
	for (i = 0; i < n; i++) {
		struct in_session *s;

		d->in_files[d->nin_files++].h = files[i];
		if (find_in(d, files[i].session))
			continue;
		s = &d->in[d->nin++];
		strcpy(s->name, files[i].session);
		s->fd = luo_retrieve_session(d->luo, s->name);
		if (s->fd < 0) {
			s->err = s->fd;
			s->fd = -1;
			logmsg("error", "session %s: %s", s->name,
			       luo_strerror(LUO_RETRIEVE_SESSION, s->err));
		} else {
			logmsg("start", "session %s handed over", s->name);
		}
	}
	free(files);
	release_luo(d);
}

static void accept_conn(struct daemon *d)
{
	/* A client that stops reading must not stall the daemon for long. */
	struct timeval timeout = { .tv_sec = 5 };
	int fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	size_t i, idle = 0;

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	/* Idle connections must not lock out the others: drop the oldest. */
	if (d->nconns == MAX_CONNS) {
		for (i = 1; i < d->nconns; i++)
			if (d->conns[i].used < d->conns[idle].used)
				idle = i;
		logmsg("warning", "%d connections: closing the one idle the longest",
		       MAX_CONNS);
		close(d->conns[idle].fd);
		d->conns[idle] = d->conns[--d->nconns];
	}
	d->conns[d->nconns++] = (struct conn){ fd, ++d->tick };
}

static int loop(struct daemon *d)
{
	struct pollfd pfd[MAX_CONNS + 2];
	size_t i, n;

	for (;;) {
		pfd[0] = (struct pollfd){ .fd = d->signal_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = d->listen_fd, .events = POLLIN };
		for (i = 0; i < d->nconns; i++)
			pfd[i + 2] = (struct pollfd){ .fd = d->conns[i].fd,
						      .events = POLLIN };
		n = d->nconns;
		if (poll(pfd, n + 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno(errno, "poll");
		}
		if (pfd[0].revents)
			return 0;
		/* Serve, then drop the closed connections. */
		for (i = 0; i < n; i++) {
			struct conn *c = &d->conns[i];

			if (!pfd[i + 2].revents)
				continue;
			c->used = ++d->tick;
			if (!serve(d, c->fd)) {
				close(c->fd);
				c->fd = -1;
			}
		}
		for (i = 0, n = 0; i < d->nconns; i++)
			if (d->conns[i].fd >= 0)
				d->conns[n++] = d->conns[i];
		d->nconns = n;
		if (pfd[1].revents)
			accept_conn(d);
	}
}

static void cleanup(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nconns; i++)
		close(d->conns[i].fd);
	for (i = 0; i < d->nheld; i++)
		close(d->held[i].fd);
	for (i = 0; i < d->nin; i++)
		if (d->in[i].fd >= 0)
			close(d->in[i].fd);
	free(d->held);
	free(d->in);
	free(d->in_files);
	if (d->luo >= 0)
		close(d->luo);
	if (d->listen_fd >= 0) {
		close(d->listen_fd);
		unlink(d->socket);
	}
	if (d->signal_fd >= 0)
		close(d->signal_fd);
}

int cmd_daemon(int argc, char **argv)
{
	struct daemon d = { .listen_fd = -1, .signal_fd = -1, .luo = -1 };
	char lost[512];
	sigset_t set;
	int ret;

	ret = common_options_only(argc, argv, "daemon");
	if (ret >= 0)
		return ret;
	if (optind != argc)
		return usage_error("daemon: unexpected argument '%s'",
				   argv[optind]);

	d.socket = proto_socket_path();
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d.signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (d.signal_fd < 0) {
		fail_errno(errno, "signalfd");
		return error_exit(EXIT_FAIL);
	}
	d.listen_fd = proto_listen(d.socket);
	if (d.listen_fd < 0) {
		cleanup(&d);
		return error_exit(EXIT_FAIL);
	}
	take_over(&d);
	logmsg("start", "listening on %s", d.socket);
	ret = loop(&d);
	logmsg("stop", "%s", ret ? last_error() : "signal received");
	if (unretrieved(&d, lost, sizeof(lost)))
		logmsg("warning", "never retrieved, released now: %s", lost);
	cleanup(&d);
	return ret ? EXIT_FAIL : EXIT_OK;
}
