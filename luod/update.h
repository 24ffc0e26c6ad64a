/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The update flow: plan (negotiate, apply the policy), apply (SET_VERSION,
 * sessions, PRESERVE_FD, the manifest, kexec_file_load) and reboot.
 */
#ifndef LUOD_UPDATE_H
#define LUOD_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "image.h"
#include "manifest.h"
#include "modules.h"
#include "negotiate.h"
#include "policy.h"

struct update_args {
	int image_fd;		/* the bzImage to kexec into */
	const char *image;	/* its name in messages */
	int initrd_fd;		/* -1 for none */
	const char *cmdline;	/* NULL: this kernel's /proc/cmdline */
	const struct policy *policy;
	const char *modules;	/* --modules DIR, or NULL: the default */
	bool dry_run;
};

enum plan_state {
	PLAN_READY,		/* can go ahead (or a dry run) */
	PLAN_ABORTED,		/* a mandatory type or session is refused */
	PLAN_FAILED,		/* the kernel refused a step; rolled back */
	PLAN_LOADED,		/* everything preserved, kernel loaded */
};

enum file_action {
	ACTION_PRESERVE,
	ACTION_DROP,		/* optional, and its type is refused */
	ACTION_REFUSED,		/* mandatory, and its type is refused */
};

struct plan_file {
	const struct held *h;
	enum file_action action;
	char reason[256];
};

struct plan {
	const struct update_args *args;
	int image_fd;		/* the image's snapshot(): parsed and loaded */
	struct table running;
	struct table image;
	struct image_info info;
	struct module_set modules;	/* the image's, with formats */
	struct negotiation neg;
	struct plan_file *files;
	size_t nfiles;
	enum plan_state state;
	char why[512];		/* PLAN_ABORTED or PLAN_FAILED: why */
	char cmdline[4096];

	/* What update_apply() did, for the rollback. */
	int *sessions;
	size_t nsessions;
	int manifest_fd;
	struct { char type[COMPAT_LEN]; unsigned int old; } *changed;
	size_t nchanged;
	bool loaded;
};

/*
 * Read what the plan needs: the running kernel's table, the image (into
 * a sealed copy, the one that is loaded later) and its table, the
 * command line. Returns -1 with a message when an input cannot be read.
 * Touches nothing but @p, so the daemon runs it beside its event loop.
 */
int update_prepare(struct plan *p, const struct update_args *a);
/*
 * Negotiate the types of the @n held @files and apply the policy. A
 * refusal is p->state == PLAN_ABORTED; -1 only when out of memory.
 */
int update_decide(struct plan *p, const struct held *files, size_t n);
/*
 * Apply a PLAN_READY plan through /dev/liveupdate, opened into *@luo
 * unless it is open already. On failure everything done is undone,
 * p->state is PLAN_FAILED and -1 is returned.
 */
int update_apply(struct plan *p, int *luo);
/*
 * Reboot into the loaded kernel. Returns only on failure: rolled back,
 * p->state PLAN_FAILED, and the reboot's -errno.
 */
int update_reboot(struct plan *p, int luo);
void update_free(struct plan *p);

/* Where update_run() reports, for a terminal or for a daemon client. */
struct update_sink {
	/* The plan, decided and applied: once, before any reboot. */
	void (*report)(void *ctx, const struct plan *p);
	/* The kexec reboot comes next (optional): before the report. */
	void (*rebooting)(void *ctx, const struct plan *p);
	/* The reboot failed with -@err; everything is undone. */
	void (*reboot_failed)(void *ctx, const struct plan *p, int err);
	void *ctx;
};

/*
 * The one update sequence, after update_prepare(): decide, apply (unless
 * a dry run or refused), report, reboot. Returns the exit status: 0 ready
 * (dry run), 1 refused or failed; -1 (with a message) if it could not
 * decide. It returns after a successful reboot only in tests.
 */
int update_run(struct plan *p, const struct held *files, size_t n, int *luo,
	       const struct update_sink *s);

const char *plan_state_name(enum plan_state s);
const char *file_action_name(enum file_action a);

#endif
