// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's "update" request. Reading the image (a copy of up to
 * 1 GiB, a decompression of up to 256 MiB) takes long enough to matter,
 * so it runs in a thread (update_prepare()) while the event loop serves
 * the other clients; the client that asked waits. Once the image is
 * read, the rest (update_run(): decide, apply, report, reboot) runs in
 * the event loop, on the files held at that moment.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "job.h"
#include "log.h"
#include "policy.h"
#include "report.h"
#include "reply.h"
#include "update.h"
#include "update_req.h"

struct update_job {
	struct job job;
	int conn_fd;		/* the client's connection */
	bool json, pretty;
	char *image, *cmdline, *modules;
	struct policy policy;
	struct update_args args;
	struct plan plan;
	int prepared;		/* update_prepare()'s result */
	char why[1024];		/* its message */
};

/* What update_run() reports to: the client of @c. */
struct sink_ctx {
	struct daemon *d;
	struct conn *c;
	struct update_job *j;
};

static void prepare(void *arg)
{
	struct update_job *j = arg;

	j->prepared = update_prepare(&j->plan, &j->args);
	if (j->prepared)
		snprintf(j->why, sizeof(j->why), "%s", last_error());
}

static void free_job(struct update_job *j)
{
	update_free(&j->plan);
	if (j->args.image_fd >= 0)
		close(j->args.image_fd);
	if (j->args.initrd_fd >= 0)
		close(j->args.initrd_fd);
	policy_free(&j->policy);
	free(j->image);
	free(j->cmdline);
	free(j->modules);
	free(j);
}

/* A report of @p by @fn, as text or JSON, in a new string. */
static char *render(const struct update_job *j, const struct plan *p,
		    void (*fn)(const struct out *, const struct plan *),
		    size_t *len)
{
	struct out o = { .json = j->json, .pretty = j->pretty };
	char *text = NULL;

	*len = 0;
	o.f = open_memstream(&text, len);
	if (!o.f)
		return NULL;
	fn(&o, p);
	fclose(o.f);
	return text;
}

static void sink_report(void *ctx, const struct plan *p)
{
	struct sink_ctx *s = ctx;
	bool ok = p->state == PLAN_READY || p->state == PLAN_LOADED;
	size_t len;
	char *text = render(s->j, p, report_plan, &len);

	logmsg("update", "%s: %s%s%s", p->args->image, plan_state_name(p->state),
	       ok ? "" : ": ", ok ? "" : p->why);
	reply_output(s->c->fd, "ok", ok ? EXIT_OK : EXIT_FAIL, text ?: "", len,
		     p->state == PLAN_LOADED);
	free(text);
}

static void sink_rebooting(void *ctx, const struct plan *p)
{
	logmsg("update", "kexec reboot into %s", p->args->image);
}

static void sink_reboot_failed(void *ctx, const struct plan *p, int err)
{
	struct sink_ctx *s = ctx;
	struct msg *r = malloc(sizeof(*r));
	size_t len;
	char *text;

	logmsg("error", "%s", p->why);
	if (!r)
		return;
	reply_error(r, EXIT_FAIL, -err, "%s", p->why);
	text = render(s->j, p, report_plan_state, &len);
	if (text && len)
		msg_add(r, "output", text);
	free(text);
	msg_send(s->c->fd, r);
	free(r);
}

int do_update(struct daemon *d, struct conn *c, struct msg *m, struct msg *r)
{
	const char *image = msg_get(m, "image");
	const char *policy = msg_get(m, "policy");
	size_t fds = msg_flag(m, "initrd") ? 2 : 1;
	const char *cmdline = msg_get(m, "cmdline");
	const char *modules = msg_get(m, "modules");
	struct update_job *j;
	char lost[2048];
	size_t i;

	if (!image || m->nfds != fds)
		return reply_error(r, EXIT_USAGE, EINVAL, "update takes image=, optional initrd=1, cmdline=, policy=, dry-run=1, modules=, and the image (and initrd) fd");
	if (d->update)
		return reply_error(r, EXIT_FAIL, EBUSY, "an update is being prepared already");
	for (i = 0; i < d->nin; i++)
		handover_retry(d, &d->in[i]);
	/* The kexec reboot would fail with EBUSY: say so up front. */
	if (handover_unfinished(d, lost, sizeof(lost))) {
		logmsg("warning", "update refused: incoming sessions not finished: %s",
		       lost);
		handover_release_luo(d);
		return reply_error(r, EXIT_FAIL, EBUSY, "incoming sessions are not finished, and the kexec would lose what they hold: %s",
				   lost);
	}
	j = calloc(1, sizeof(*j));
	if (!j)
		return reply_error(r, EXIT_FAIL, ENOMEM, "out of memory");
	j->args = (struct update_args){ .image_fd = -1, .initrd_fd = -1 };
	j->plan.image_fd = j->plan.manifest_fd = -1;
	j->image = strdup(image);
	j->cmdline = cmdline ? strdup(cmdline) : NULL;
	j->modules = modules ? strdup(modules) : NULL;
	if (!j->image || (cmdline && !j->cmdline) || (modules && !j->modules)) {
		free_job(j);
		return reply_error(r, EXIT_FAIL, ENOMEM, "out of memory");
	}
	if (policy && policy_parse(&j->policy, policy, "policy")) {
		free_job(j);
		return reply_error(r, EXIT_USAGE, EINVAL, "%s", last_error());
	}
	j->conn_fd = c->fd;
	j->json = msg_flag(m, "json");
	j->pretty = msg_flag(m, "pretty");
	j->args.image = j->image;
	j->args.image_fd = msg_take_fd(m, 0);
	j->args.initrd_fd = fds == 2 ? msg_take_fd(m, 1) : -1;
	j->args.cmdline = j->cmdline;
	j->args.modules = j->modules;
	j->args.policy = &j->policy;
	j->args.dry_run = msg_flag(m, "dry-run");
	if (job_start(&j->job, prepare, j)) {
		free_job(j);
		return reply_error(r, EXIT_FAIL, EAGAIN, "%s", last_error());
	}
	d->update = j;
	c->busy = true;
	return REPLY_LATER;
}

int update_req_fd(struct daemon *d)
{
	return d->update ? d->update->job.event_fd : -1;
}

int update_req_client(struct daemon *d)
{
	return d->update ? d->update->conn_fd : -1;
}

/* Has the peer of @fd closed the connection? */
static bool hung_up(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLRDHUP };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLRDHUP | POLLERR));
}

void update_req_ready(struct daemon *d, struct conn *c)
{
	struct update_job *j = d->update;
	struct sink_ctx ctx = { d, c, j };
	const struct update_sink sink = {
		.report = sink_report,
		.rebooting = sink_rebooting,
		.reboot_failed = sink_reboot_failed,
		.ctx = &ctx,
	};
	struct msg *r;

	d->update = NULL;
	job_wait(&j->job);
	if (!c || hung_up(c->fd)) {
		logmsg("update", "%s: the client hung up: no update", j->image);
	} else if (j->prepared || update_run(&j->plan, d->held, d->nheld,
					     &d->luo, &sink) < 0) {
		r = malloc(sizeof(*r));
		if (r) {
			reply_error(r, EXIT_USAGE, EIO, "%s",
				    j->prepared ? j->why : last_error());
			msg_send(c->fd, r);
			free(r);
		}
	}
	if (c) {
		c->busy = false;
		c->used = ++d->tick;
	}
	free_job(j);
	handover_release_luo(d);
}

void update_req_cancel(struct daemon *d)
{
	if (!d->update)
		return;
	job_wait(&d->update->job);
	free_job(d->update);
	d->update = NULL;
}
