// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: the handover to the next boot's daemon
 *
 * At "update" the daemon preserves the held files in their sessions,
 * and the list of them (the manifest) in a memfd as token 0 of its own
 * session "luod". In the next kernel the daemon retrieves "luod" first,
 * reads the manifest, finishes "luod", and retrieves the sessions it
 * lists; each keeps the owner the manifest names. Workloads then ask
 * for their files back by session and token, and finish their session.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon_internal.h"
#include "error.h"
#include "kernel.h"
#include "log.h"
#include "sysfs.h"

/* The largest manifest luod reads: some hundred thousand files. */
#define MANIFEST_MAX	(1 << 26)

struct in_session *handover_find(struct daemon *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nin; i++)
		if (!strcmp(d->in[i].name, name))
			return &d->in[i];
	return NULL;
}

struct in_file *handover_find_file(struct daemon *d, const char *session,
				   uint64_t token)
{
	size_t i;

	for (i = 0; i < d->nin_files; i++)
		if (!strcmp(d->in_files[i].h.session, session) &&
		    d->in_files[i].h.token == token)
			return &d->in_files[i];
	return NULL;
}

int handover_open_luo(struct daemon *d)
{
	int fd;

	if (d->luo >= 0)
		return 0;
	fd = luo_open();
	if (fd < 0) {
		fail("%s: %s", LUO_DEVICE, luo_strerror(LUO_OPEN, fd));
		return fd;
	}
	d->luo = fd;
	return 0;
}

void handover_release_luo(struct daemon *d)
{
	size_t i;

	/* Open sessions need it, and so will a pending one's retry. */
	for (i = 0; i < d->nin; i++)
		if (d->in[i].fd >= 0 || (d->in[i].err == -EAGAIN &&
					 !d->in[i].discarded))
			return;
	if (d->luo >= 0)
		close(d->luo);
	d->luo = -1;
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
	if (fstat(fd, &st) || st.st_size > MANIFEST_MAX) {
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

static void retrieve(struct daemon *d, struct in_session *s)
{
	s->fd = luo_retrieve_session(d->luo, s->name);
	s->err = 0;
	if (s->fd >= 0) {
		logmsg("start", "session %s handed over", s->name);
		return;
	}
	s->err = s->fd;
	s->fd = -1;
	logmsg(s->err == -EAGAIN ? "warning" : "error", "session %s: %s",
	       s->name, luo_strerror(LUO_RETRIEVE_SESSION, s->err));
}

/* Retrieve the session of the manifest's file @f, once per name. */
static void take_session(struct daemon *d, const struct held *f)
{
	struct in_session *s;

	if (handover_find(d, f->session))
		return;
	s = &d->in[d->nin++];
	strcpy(s->name, f->session);
	s->owner = f->owner;
	retrieve(d, s);
}

void handover_retry(struct daemon *d, struct in_session *s)
{
	if (s->err != -EAGAIN || s->discarded)
		return;
	if (handover_open_luo(d)) {
		logmsg("error", "%s", last_error());
		return;
	}
	retrieve(d, s);
}

void session_way_out(const char *name, const char *state, char *buf,
		     size_t len)
{
	if (!strcmp(state, "pending"))
		snprintf(buf, len, "load the module that reads it and retrieve it, or discard it: luod discard %s",
			 name);
	else if (!strcmp(state, "failed"))
		snprintf(buf, len, "discard it: luod discard %s", name);
	else
		snprintf(buf, len, "finish it: luod client finish %s", name);
}

void handover_take(struct daemon *d)
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
		d->in_files[d->nin_files++].h = files[i];
		take_session(d, &files[i]);
	}
	free(files);
	handover_release_luo(d);
}

/* " token 1, token 2 not retrieved" of @s into @buf. */
static size_t unretrieved(struct daemon *d, const struct in_session *s,
			  char *buf, size_t len)
{
	size_t i, off = 0, n = 0;

	buf[0] = '\0';
	for (i = 0; i < d->nin_files && off < len; i++) {
		const struct in_file *f = &d->in_files[i];

		if (f->retrieved || strcmp(f->h.session, s->name))
			continue;
		off += (size_t)snprintf(buf + off, len - off, ", token %" PRIu64,
					f->h.token);
		n++;
	}
	if (n && off < len)
		snprintf(buf + off, len - off, " not retrieved");
	return n;
}

bool handover_unfinished(struct daemon *d, char *buf, size_t len)
{
	char files[256], way[256];
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < d->nin && off < len; i++) {
		const struct in_session *s = &d->in[i];

		if (!in_session_unfinished(s))
			continue;
		if (s->err)
			snprintf(files, sizeof(files), ": %s",
				 luo_strerror(LUO_RETRIEVE_SESSION, s->err));
		else
			unretrieved(d, s, files, sizeof(files));
		session_way_out(s->name, in_session_state(s), way, sizeof(way));
		off += (size_t)snprintf(buf + off, len - off, "%ssession %s (%s%s; %s)",
					off ? "; " : "", s->name,
					in_session_state(s), files, way);
	}
	return off;
}

bool handover_unretrieved(struct daemon *d, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < d->nin_files; i++) {
		const struct in_file *f = &d->in_files[i];
		const struct in_session *s = handover_find(d, f->h.session);

		/* Only a session retrieved and not finished has them. */
		if (f->retrieved || !s || s->fd < 0 || off >= len)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%ssession %s token %" PRIu64,
					off ? ", " : "", f->h.session, f->h.token);
	}
	return off;
}

void handover_free(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nin; i++)
		if (d->in[i].fd >= 0)
			close(d->in[i].fd);
	free(d->in);
	free(d->in_files);
	d->in = NULL;
	d->in_files = NULL;
	d->nin = d->nin_files = 0;
}
