// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: The update flow
 *
 * One sequence, update_run(), for "luod update" and the daemon.
 *
 * 1. Plan: read the running kernel's table (sysfs) and the image's, from
 *    a sealed copy that is also what kexec_file_load() gets later;
 *    negotiate the types of the held files; drop the files whose type is
 *    refused if the policy makes their type or session optional; abort
 *    if a mandatory one, a core format, an FLB or luod's own manifest
 *    (a memfd) is refused. Nothing has changed yet.
 * 2. Apply (apply.c): SET_VERSION each file and FLB type whose selection
 *    differs (core formats are not selectable), before any file is
 *    preserved (the kernel refuses it for a type, or an FLB, in use);
 *    create the sessions and PRESERVE_FD the kept files; write the
 *    manifest into a memfd preserved as token 0 of session "luod";
 *    kexec_file_load(); DECLARE_NEXT the module formats relied on; ask
 *    the kernel's own verdict (CHECK_NEXT), and refuse with its reason if
 *    it disagrees.
 *    A failing step undoes the earlier ones: sessions are closed (which
 *    unpreserves their files) and the old versions are selected again.
 * 3. Reboot: reboot(LINUX_REBOOT_CMD_KEXEC). The session fds stay open
 *    until then, or the kernel would unpreserve their files.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "kernel.h"
#include "snapshot.h"
#include "sysfs.h"
#include "update.h"

#define RUNNING	"running"

static int read_cmdline(char *buf, size_t len)
{
	char *text;
	size_t n;

	if (read_file("/proc/cmdline", &text, &n))
		return -1;
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	if (n >= len) {
		free(text);
		return fail("/proc/cmdline: too long");
	}
	memcpy(buf, text, n + 1);
	free(text);
	return 0;
}

/*
 * The distinct types of the files (with @kept, of those not dropped);
 * negotiate() adds the manifest's.
 */
static int collect_types(struct plan *p, bool kept, const char ***types,
			 size_t *n)
{
	const char **t;
	size_t i, j;

	*types = NULL;
	*n = 0;
	t = calloc(p->nfiles + 1, sizeof(*t));
	if (!t)
		return fail("out of memory");
	for (i = 0; i < p->nfiles; i++) {
		const char *type = p->files[i].h->type;

		if (kept && p->files[i].action == ACTION_DROP)
			continue;
		for (j = 0; j < *n && strcmp(t[j], type); j++)
			;
		if (j == *n)
			t[(*n)++] = type;
	}
	*types = t;
	return 0;
}

/* Apply the policy to the files whose type @n refuses. */
static void apply_policy(struct plan *p, const struct negotiation *n)
{
	const struct policy *pol = p->args->policy;
	size_t i, j;

	for (i = 0; i < p->nfiles; i++) {
		struct plan_file *f = &p->files[i];
		const struct choice *c = negotiation_find(n, f->h->type);

		if (!c || c->verdict != VERDICT_REFUSED)
			continue;
		if (pol && policy_optional_type(pol, f->h->type)) {
			f->action = ACTION_DROP;
			snprintf(f->reason, sizeof(f->reason),
				 "optional type %s: %s", c->type, c->reason);
		} else if (pol && policy_optional_session(pol, f->h->session)) {
			/* The whole session goes. */
			for (j = 0; j < p->nfiles; j++) {
				struct plan_file *g = &p->files[j];

				if (strcmp(g->h->session, f->h->session))
					continue;
				g->action = ACTION_DROP;
				snprintf(g->reason, sizeof(g->reason),
					 "optional session %s: type %s: %s",
					 f->h->session, c->type, c->reason);
			}
		} else {
			f->action = ACTION_REFUSED;
			snprintf(f->reason, sizeof(f->reason),
				 "mandatory: type %s: %s", c->type, c->reason);
		}
	}
	for (i = 0; i < p->nfiles; i++)
		if (p->files[i].action == ACTION_REFUSED && p->state != PLAN_ABORTED) {
			p->state = PLAN_ABORTED;
			snprintf(p->why, sizeof(p->why),
				 "session %s token %" PRIu64 ": %s",
				 p->files[i].h->session, p->files[i].h->token,
				 p->files[i].reason);
		}
}

int update_prepare(struct plan *p, const struct update_args *a)
{
	memset(p, 0, sizeof(*p));
	p->args = a;
	p->image_fd = -1;
	p->manifest_fd = -1;
	p->state = PLAN_READY;
	if (sysfs_versions(&p->running))
		return -1;
	/* What is negotiated is what is loaded: one sealed copy. */
	p->image_fd = snapshot(a->image_fd, a->image);
	if (p->image_fd < 0)
		return -1;
	if (!image_is_bzimage(p->image_fd))
		return fail("%s: not a bzImage (kexec_file_load() needs one)",
			    a->image);
	if (image_read_fd(p->image_fd, a->image, &p->image, &p->info) ||
	    image_modules(a->modules, p->info.release, &p->info.layout,
			  &p->image, &p->modules))
		return -1;
	if (a->cmdline)
		snprintf(p->cmdline, sizeof(p->cmdline), "%s", a->cmdline);
	else if (read_cmdline(p->cmdline, sizeof(p->cmdline)))
		return -1;
	return 0;
}

/* Abort @p for the first type the negotiation refuses. */
static void refuse(struct plan *p)
{
	size_t i;

	if (p->neg.reason[0]) {
		p->state = PLAN_ABORTED;
		snprintf(p->why, sizeof(p->why), "%s", p->neg.reason);
	}
	for (i = 0; i < p->neg.count && p->state == PLAN_READY; i++) {
		const struct choice *c = &p->neg.choices[i];

		if (c->verdict != VERDICT_REFUSED)
			continue;
		p->state = PLAN_ABORTED;
		snprintf(p->why, sizeof(p->why), "%s %s: %s%s",
			 kind_name(c->kind), c->type, c->reason,
			 strcmp(c->type, LUOD_MANIFEST_TYPE) ? "" :
			 " (luod's manifest is a memfd)");
	}
}

int update_decide(struct plan *p, const struct held *files, size_t n)
{
	struct negotiation first;
	const char **types;
	size_t i, ntypes;
	int ret;

	p->files = calloc(n + 1, sizeof(*p->files));
	if (!p->files)
		return fail("out of memory");
	p->nfiles = n;
	for (i = 0; i < n; i++)
		p->files[i].h = &files[i];

	/* What the held files need; then without the dropped ones. */
	if (collect_types(p, false, &types, &ntypes))
		return -1;
	ret = negotiate(&first, &p->running, RUNNING, &p->image,
			p->args->image, types, ntypes, false);
	free(types);
	if (ret)
		return -1;
	apply_policy(p, &first);
	negotiation_free(&first);

	if (collect_types(p, true, &types, &ntypes))
		return -1;
	ret = negotiate(&p->neg, &p->running, RUNNING, &p->image,
			p->args->image, types, ntypes, false);
	free(types);
	if (ret)
		return -1;
	refuse(p);
	return 0;
}

int update_run(struct plan *p, const struct held *files, size_t n, int *luo,
	       const struct update_sink *s)
{
	int err;

	if (update_decide(p, files, n))
		return -1;
	if (p->state == PLAN_READY && !p->args->dry_run)
		update_apply(p, luo);
	/*
	 * Said before the report: a client printing the report to the same
	 * console (a guest's serial line) could cut the line otherwise.
	 */
	if (p->state == PLAN_LOADED && s->rebooting)
		s->rebooting(s->ctx, p);
	s->report(s->ctx, p);
	if (p->state != PLAN_LOADED)
		return p->state == PLAN_READY ? EXIT_OK : EXIT_FAIL;
	err = update_reboot(p, *luo);
	s->reboot_failed(s->ctx, p, err);
	return EXIT_FAIL;
}

void update_free(struct plan *p)
{
	table_free(&p->running);
	table_free(&p->image);
	modules_free(&p->modules);
	negotiation_free(&p->neg);
	free(p->files);
	/* Closing the sessions unpreserves their files. */
	while (p->nsessions)
		close(p->sessions[--p->nsessions]);
	free(p->sessions);
	free(p->changed);
	if (p->manifest_fd >= 0)
		close(p->manifest_fd);
	if (p->image_fd >= 0)
		close(p->image_fd);
	memset(p, 0, sizeof(*p));
	p->image_fd = -1;
	p->manifest_fd = -1;
}

const char *plan_state_name(enum plan_state s)
{
	static const char *const names[] = {
		[PLAN_READY] = "ready",
		[PLAN_ABORTED] = "aborted",
		[PLAN_FAILED] = "failed",
		[PLAN_LOADED] = "rebooting",
	};

	return names[s];
}

const char *file_action_name(enum file_action a)
{
	static const char *const names[] = {
		[ACTION_PRESERVE] = "preserve",
		[ACTION_DROP] = "drop",
		[ACTION_REFUSED] = "refused",
	};

	return names[a];
}
