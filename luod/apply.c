// SPDX-License-Identifier: GPL-2.0
/*
 * Applying a plan (update.h): SET_VERSION, sessions, PRESERVE_FD, the
 * manifest, kexec_file_load, the module formats the loaded kernel reads
 * (DECLARE_NEXT) and the kernel's own verdict (CHECK_NEXT); the reboot;
 * and undoing all of it when a step fails.
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
#include "kernel.h"
#include "update.h"

/*
 * Does the negotiation @n rely on entry @i of @mod: is it a chosen
 * version read by that module? (Its name comes first in the entry.)
 */
static bool relied_on(const struct negotiation *n, const struct module *mod,
		      size_t i)
{
	const char *compat = (const char *)mod->raw + i * mod->entry_size;
	char name[COMPAT_LEN + 16];
	size_t k;

	for (k = 0; k < n->count; k++) {
		const struct choice *c = &n->choices[k];

		if (c->verdict != VERDICT_OK || strcmp(c->provider, mod->name))
			continue;
		snprintf(name, sizeof(name), "%s-v%u", c->type, c->version);
		if (!strncmp(name, compat, COMPAT_LEN))
			return true;
	}
	return false;
}

static int failed(struct plan *p, int luo, const char *fmt, ...)
	__printf(3, 4);

static void rollback(struct plan *p, int luo)
{
	size_t i;

	if (p->loaded)
		kexec_unload();
	p->loaded = false;
	while (p->nsessions)
		close(p->sessions[--p->nsessions]);
	if (p->manifest_fd >= 0)
		close(p->manifest_fd);
	p->manifest_fd = -1;
	/* Sessions are closed: nothing of the types is preserved now. */
	for (i = p->nchanged; i-- > 0;) {
		const char *type = p->changed[i].type;
		unsigned int old = p->changed[i].old;
		size_t n = strlen(p->why);
		int r = old ? luo_set_version(luo, type, old) : 0;

		if (r)
			snprintf(p->why + n, sizeof(p->why) - n,
				 "; SET_VERSION %s v%u back: %s", type, old,
				 luo_strerror(LUO_SET_VERSION, r));
	}
	p->nchanged = 0;
}

static int failed(struct plan *p, int luo, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	rollback(p, luo);
	p->state = PLAN_FAILED;
	return fail("%s", p->why);
}

static int set_versions(struct plan *p, int luo)
{
	size_t i;
	int r;

	p->changed = calloc(p->neg.count + 1, sizeof(*p->changed));
	if (!p->changed)
		return failed(p, luo, "out of memory");
	for (i = 0; i < p->neg.count; i++) {
		const struct choice *c = &p->neg.choices[i];

		/* Core formats are not selectable (EOPNOTSUPP). */
		if (c->verdict != VERDICT_OK || c->kind == KIND_CORE ||
		    c->version == c->selected)
			continue;
		r = luo_set_version(luo, c->type, c->version);
		if (r)
			return failed(p, luo, "SET_VERSION %s v%u: %s", c->type,
				      c->version,
				      luo_strerror(LUO_SET_VERSION, r));
		strcpy(p->changed[p->nchanged].type, c->type);
		p->changed[p->nchanged++].old = c->selected;
	}
	return 0;
}

static int add_session(struct plan *p, int luo, const char *name)
{
	int fd = luo_create_session(luo, name);

	if (fd < 0)
		return failed(p, luo, "CREATE_SESSION %s: %s", name,
			      luo_strerror(LUO_CREATE_SESSION, fd));
	p->sessions[p->nsessions++] = fd;
	return fd;
}

static int preserve_files(struct plan *p, int luo)
{
	size_t i, j;
	int s, r;

	p->sessions = calloc(p->nfiles + 2, sizeof(*p->sessions));
	if (!p->sessions)
		return failed(p, luo, "out of memory");
	for (i = 0; i < p->nfiles; i++) {
		const struct held *h = p->files[i].h;

		if (p->files[i].action != ACTION_PRESERVE)
			continue;
		/* One session per name, created at its first file. */
		for (j = 0; j < i; j++)
			if (p->files[j].action == ACTION_PRESERVE &&
			    !strcmp(p->files[j].h->session, h->session))
				break;
		if (j == i) {
			s = add_session(p, luo, h->session);
			if (s < 0)
				return -1;
			for (j = i; j < p->nfiles; j++) {
				const struct held *g = p->files[j].h;

				if (p->files[j].action != ACTION_PRESERVE ||
				    strcmp(g->session, h->session))
					continue;
				r = luo_preserve_fd(s, g->fd, g->token);
				if (r)
					return failed(p, luo, "PRESERVE_FD %s token %" PRIu64 ": %s",
						      g->session, g->token,
						      luo_strerror(LUO_PRESERVE_FD, r));
			}
		}
	}
	return 0;
}

static int preserve_manifest(struct plan *p, int luo)
{
	const struct held **kept;
	size_t i, n = 0, len;
	char *text;
	FILE *f;
	int s, r;

	kept = calloc(p->nfiles + 1, sizeof(*kept));
	if (!kept)
		return failed(p, luo, "out of memory");
	for (i = 0; i < p->nfiles; i++)
		if (p->files[i].action == ACTION_PRESERVE)
			kept[n++] = p->files[i].h;
	if (!n) {
		free(kept);
		return 0;
	}
	f = open_memstream(&text, &len);
	if (!f) {
		free(kept);
		return failed(p, luo, "out of memory");
	}
	manifest_print(f, kept, n);
	fclose(f);
	free(kept);

	p->manifest_fd = memfd_create("luod-manifest", MFD_CLOEXEC);
	if (p->manifest_fd < 0 ||
	    write(p->manifest_fd, text, len) != (ssize_t)len) {
		free(text);
		return failed(p, luo, "manifest memfd: %s", strerror(errno));
	}
	free(text);
	s = add_session(p, luo, LUOD_SESSION);
	if (s < 0)
		return -1;
	r = luo_preserve_fd(s, p->manifest_fd, LUOD_MANIFEST_TOKEN);
	if (r)
		return failed(p, luo, "PRESERVE_FD %s token %d (manifest): %s",
			      LUOD_SESSION, LUOD_MANIFEST_TOKEN,
			      luo_strerror(LUO_PRESERVE_FD, r));
	return 0;
}

/*
 * Tell the kernel which formats the loaded kernel reads through its
 * modules, as luod found them in its modules directory: those luod
 * relies on, one DECLARE_NEXT per module.
 */
static int declare_modules(struct plan *p, int luo)
{
	const struct module_set *ms = &p->modules;
	unsigned char *buf;
	size_t m, i, n;
	int r;

	for (m = 0; m < ms->count; m++) {
		const struct module *mod = &ms->mods[m];

		buf = calloc(mod->count + 1, mod->entry_size);
		if (!buf)
			return failed(p, luo, "out of memory");
		for (i = n = 0; i < mod->count; i++)
			if (relied_on(&p->neg, mod, i))
				memcpy(buf + n++ * mod->entry_size,
				       mod->raw + i * mod->entry_size,
				       mod->entry_size);
		r = n ? luo_declare_next(luo, mod->name, buf, (unsigned int)n,
					 mod->entry_size) : 0;
		free(buf);
		if (r)
			return failed(p, luo, "DECLARE_NEXT %s: %s", mod->name,
				      luo_strerror(LUO_DECLARE_NEXT, r));
	}
	return 0;
}

/*
 * The running kernel's own verdict on the loaded kernel (CHECK_NEXT):
 * luod found the update compatible, so a refusal is a disagreement, and
 * the kernel's reason wins. A kernel without CHECK_NEXT (ENOTTY) has
 * no verdict to give.
 */
static int kernel_verdict(struct plan *p, int luo)
{
	char reason[LIVEUPDATE_REASON_LENGTH];
	int result = 0, r;

	r = luo_check_next(luo, "", &result, reason, sizeof(reason));
	if (r == -ENOTTY)
		return 0;
	if (r)
		return failed(p, luo, "CHECK_NEXT: %s",
			      luo_strerror(LUO_CHECK_NEXT, r));
	if (result)
		return failed(p, luo, "%s: %s (luod found the formats compatible; the running kernel refuses the kexec)",
			      RULE_KERNEL, reason);
	return 0;
}

int update_apply(struct plan *p, int *luo)
{
	int r;

	if (p->state != PLAN_READY)
		return fail("the plan is not ready: nothing to apply");
	if (*luo < 0) {
		r = luo_open();
		if (r < 0)
			return failed(p, -1, "%s: %s", LUO_DEVICE,
				      luo_strerror(LUO_OPEN, r));
		*luo = r;
	}
	/* Outside the blackout: the kexec reboot does not sync. */
	sync();
	if (set_versions(p, *luo) || preserve_files(p, *luo) ||
	    preserve_manifest(p, *luo))
		return -1;
	r = kexec_load(p->image_fd, p->args->initrd_fd, p->cmdline);
	if (r)
		return failed(p, *luo, "kexec_file_load %s: %s", p->args->image,
			      luo_strerror(LUO_KEXEC_LOAD, r));
	p->loaded = true;
	if (declare_modules(p, *luo) || kernel_verdict(p, *luo))
		return -1;
	p->state = PLAN_LOADED;
	return 0;
}

int update_reboot(struct plan *p, int luo)
{
	int r = kexec_reboot();

	failed(p, luo, "reboot: %s", luo_strerror(LUO_REBOOT, r));
	return r;
}

