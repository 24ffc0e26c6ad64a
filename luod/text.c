// SPDX-License-Identifier: GPL-2.0
/*
 * Text for people: columns aligned on the escaped width of their
 * contents. Every string that came from an image, a client, the kernel
 * or the command line goes through escape.h, so none can add a line or
 * reach the terminal as a control sequence.
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "kernel.h"
#include "text.h"

/* The widest escaped @field of the @n @items, at least @min. */
#define WIDEST(min, items, n, field)					\
	({								\
		size_t _w = (min), _i;					\
		for (_i = 0; _i < (n); _i++)				\
			if (esc_len((items)[_i] field) > _w)		\
				_w = esc_len((items)[_i] field);	\
		_w;							\
	})

/* Why the image @t of @image cannot take a live update, if it cannot. */
static bool text_unusable(FILE *f, const struct table *t, const char *image)
{
	if (t->source == TABLE_LISTED)
		return false;
	esc_put(f, image);
	if (t->source == TABLE_UNLISTED)
		fputs(": no .liveupdate_versions section: it lists no live-update formats, so it cannot take a live update\n",
		      f);
	else
		fputs(": " RULE_LEGACY ": its formats cannot be told apart from other kernels', so it cannot take a live update\n",
		      f);
	return true;
}

/* The state of a running kernel's format: what the STATE column says. */
static void text_state(FILE *f, const struct entry *e)
{
	if (e->registered)
		fputs("registered", f);
	else
		fprintf(f, "listed %s, not registered", caps_name(e->listed_caps));
}

void text_versions(FILE *f, const struct table *t,
		   const struct image_info *info, const char *image)
{
	size_t i, w = WIDEST(strlen("COMPATIBLE"), t->entries, t->count,
			     .compatible);
	size_t pw = WIDEST(strlen("PROVIDER"), t->entries, t->count, .provider);
	size_t dw = strlen("FLB-DEPS");
	char deps[MAX_FLB_DEPS * COMPAT_LEN];

	if (info && text_unusable(f, t, image))
		return;
	for (i = 0; i < t->count; i++) {
		entry_deps_str(&t->entries[i], deps, sizeof(deps));
		if (esc_len(deps) > dw)
			dw = esc_len(deps);
	}
	if (!info)
		fprintf(f, "live update: %s%s\n",
			t->disabled[0] ? "disabled: " : "enabled", t->disabled);
	fprintf(f, "%-*s  KIND  CAPS  %s%-*s  ", (int)w, "COMPATIBLE",
		info ? "" : "SELECTED  ", (int)pw, "PROVIDER");
	if (info)
		fputs("FLB-DEPS\n", f);
	else
		fprintf(f, "%-*s  STATE\n", (int)dw, "FLB-DEPS");
	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		entry_deps_str(e, deps, sizeof(deps));
		esc_pad(f, e->compatible, w);
		fprintf(f, "  %-4s  %-4s  ", kind_name(e->kind),
			caps_name(e->caps));
		if (!info)
			fprintf(f, "%-8s  ", e->selected ? "yes" : "no");
		/* No trailing blanks: pad a column only before another. */
		esc_pad(f, e->provider, info && !deps[0] ? 0 : pw);
		if (!info) {
			fputs("  ", f);
			esc_pad(f, deps, dw);
			fputs("  ", f);
			text_state(f, e);
		} else if (deps[0]) {
			fputs("  ", f);
			esc_put(f, deps);
		}
		fputc('\n', f);
	}
}

/* "from -> to:" */
static void pair_name(FILE *f, const struct negotiation *n)
{
	esc_put(f, n->from_name);
	fputs(" -> ", f);
	esc_put(f, n->to_name);
	fputc(':', f);
}

/* "v2 (newest common version; with FLB vlu-test-flb; selected now: v1)" */
static void text_chosen(FILE *f, const struct choice *c)
{
	unsigned int i;

	fprintf(f, "v%u (", c->version);
	esc_put(f, c->rule);
	for (i = 0; i < c->nflb; i++) {
		fputs(i ? ", " : "; with FLB ", f);
		esc_put(f, c->flbs[i]);
	}
	if (strcmp(c->provider, PROVIDER_VMLINUX)) {
		fputs("; read by module ", f);
		esc_put(f, c->provider);
	}
	if (c->selected && c->selected != c->version && c->kind != KIND_CORE)
		fprintf(f, "; selected now: v%u", c->selected);
	fputs(")\n", f);
}

/* The verdict on the pair: " compatible (RULE)" or " not compatible: ...". */
static void text_pair_verdict(FILE *f, const struct negotiation *n)
{
	size_t i;

	if (n->compatible) {
		fputs(" compatible (", f);
		esc_put(f, n->rule);
		fputs(")\n", f);
		return;
	}
	fputs(" not compatible: ", f);
	for (i = 0; !n->reason[0] && i < n->count; i++)
		if (n->choices[i].verdict == VERDICT_REFUSED) {
			esc_put(f, n->choices[i].type);
			fputs(": ", f);
			break;
		}
	esc_put(f, n->reason[0] ? n->reason : n->rule);
	fputc('\n', f);
}

void text_negotiation(FILE *f, const struct negotiation *n)
{
	size_t i, w = WIDEST(strlen("TYPE"), n->choices, n->count, .type);

	if (n->count)
		fprintf(f, "%-*s  KIND  RESULT\n", (int)w, "TYPE");
	for (i = 0; i < n->count; i++) {
		const struct choice *c = &n->choices[i];

		esc_pad(f, c->type, w);
		fprintf(f, "  %-4s  ", kind_name(c->kind));
		if (c->verdict != VERDICT_OK) {
			fprintf(f, "%s: ", verdict_name(c->verdict));
			esc_put(f, c->reason);
			fputc('\n', f);
		} else {
			text_chosen(f, c);
		}
	}
	pair_name(f, n);
	text_pair_verdict(f, n);
}

/* "vlu-kho-v1 vlu-luo-v1 vlu-memfd-v2", or the refusals. */
static void text_pair(FILE *f, const struct negotiation *n)
{
	size_t i;

	pair_name(f, n);
	if (n->reason[0]) {
		fputs(" not compatible: ", f);
		esc_put(f, n->reason);
	}
	for (i = 0; i < n->count; i++) {
		const struct choice *c = &n->choices[i];

		if (c->verdict == VERDICT_OK && n->compatible) {
			fputc(' ', f);
			esc_put(f, c->type);
			fprintf(f, "-v%u", c->version);
		} else if (c->verdict == VERDICT_REFUSED) {
			fputc(' ', f);
			esc_put(f, c->type);
			fputs(" refused (", f);
			esc_put(f, c->reason);
			fputs(");", f);
		}
	}
	fputc('\n', f);
}

void text_matrix(FILE *f, const struct matrix_image *images, size_t count,
		 const struct negotiation *pairs)
{
	size_t a, b, w = WIDEST(strlen("FROM\\TO"), images, count, .name);

	/* Columns of width w, the last one unpadded. */
	fprintf(f, "%-*s", (int)w, "FROM\\TO");
	for (b = 0; b < count; b++) {
		fputs("  ", f);
		esc_pad(f, images[b].name, b + 1 < count ? w : 0);
	}
	fputc('\n', f);
	for (a = 0; a < count; a++) {
		esc_pad(f, images[a].name, w);
		for (b = 0; b < count; b++)
			fprintf(f, "  %-*s", b + 1 < count ? (int)w : 0,
				pairs[a * count + b].compatible ? "yes" : "no");
		fputc('\n', f);
	}
	fputc('\n', f);
	for (a = 0; a < count * count; a++)
		text_pair(f, &pairs[a]);
}

static void text_unfinished(FILE *f, const struct unfinished_list *u)
{
	size_t i;

	if (!u->known) {
		fputs("sessions not finished: unknown (no daemon to ask)\n", f);
		return;
	}
	fprintf(f, "sessions not finished: %zu%s\n", u->n,
		u->n ? " (a live update is refused until they are finished or discarded)" : "");
	for (i = 0; i < u->n; i++) {
		fputs("  session ", f);
		esc_put(f, u->v[i].name);
		fputs(": ", f);
		esc_put(f, u->v[i].state);
		if (u->v[i].why[0]) {
			fputs(": ", f);
			esc_put(f, u->v[i].why);
		}
		fputs("; ", f);
		esc_put(f, u->v[i].way_out);
		fputc('\n', f);
	}
}

void text_incoming(FILE *f, const struct incoming *in,
		   const struct unfinished_list *u)
{
	size_t i, w = WIDEST(strlen("COMPONENT"), in->components, in->count,
			     .name);

	fprintf(f, "live update boot: %s\nupdate number: %llu\nhandover: ",
		in->liveupdate_boot ? "yes" : "no", in->update_number);
	esc_put(f, in->state);
	fputc('\n', f);
	if (in->count)
		fprintf(f, "%-*s  KIND  RESULT\n", (int)w, "COMPONENT");
	for (i = 0; i < in->count; i++) {
		esc_pad(f, in->components[i].name, w);
		fprintf(f, "  %-4s  ", kind_name(in->components[i].kind));
		esc_put(f, in->components[i].result);
		fputc('\n', f);
	}
	text_unfinished(f, u);
}

void text_plan(FILE *f, const struct plan *p)
{
	size_t i, w = WIDEST(strlen("SESSION"), p->files, p->nfiles, .h->session);
	size_t tw = WIDEST(strlen("TYPE"), p->files, p->nfiles, .h->type);

	text_negotiation(f, &p->neg);
	if (p->nfiles)
		fprintf(f, "%-*s  TOKEN  %-*s  ACTION\n", (int)w, "SESSION",
			(int)tw, "TYPE");
	for (i = 0; i < p->nfiles; i++) {
		const struct plan_file *pf = &p->files[i];

		esc_pad(f, pf->h->session, w);
		fprintf(f, "  %-5" PRIu64 "  ", pf->h->token);
		esc_pad(f, pf->h->type, tw);
		fprintf(f, "  %s", file_action_name(pf->action));
		if (pf->action != ACTION_PRESERVE) {
			fputs(": ", f);
			esc_put(f, pf->reason);
		}
		fputc('\n', f);
	}
	fputs("kexec: ", f);
	esc_put(f, p->args->image);
	fprintf(f, ", initrd %s, cmdline \"",
		p->args->initrd_fd >= 0 ? "yes" : "none");
	esc_put(f, p->cmdline);
	fputs("\"\n", f);
	text_plan_state(f, p);
}

void text_plan_state(FILE *f, const struct plan *p)
{
	if (p->state == PLAN_ABORTED || p->state == PLAN_FAILED) {
		fprintf(f, "update %s: ", plan_state_name(p->state));
		esc_put(f, p->why);
		fputc('\n', f);
	} else if (p->args->dry_run) {
		fprintf(f, "update ready (dry run: nothing changed)\n");
	} else {
		fprintf(f, "update %s\n", plan_state_name(p->state));
	}
}

void text_status(FILE *f, const struct status *s)
{
	size_t i, k;

	fprintf(f, "held for the next update: %zu file(s)\n", s->nheld);
	for (i = 0; i < s->nheld; i++) {
		fputs("  session ", f);
		esc_put(f, s->held[i]->session);
		fprintf(f, " token %" PRIu64 " ", s->held[i]->token);
		esc_put(f, s->held[i]->type);
		fputc('\n', f);
	}
	fprintf(f, "handed over to this boot: %zu session(s)\n", s->nin);
	for (i = 0; i < s->nin; i++) {
		const struct in_session *in = s->in[i];

		fputs("  session ", f);
		esc_put(f, in->name);
		fprintf(f, ": %s", in_session_state(in));
		if (in->err)
			fprintf(f, ": %s", luo_strerror(LUO_RETRIEVE_SESSION,
							in->err));
		fputc('\n', f);
		for (k = 0; k < s->nfiles; k++) {
			const struct in_file *file = &s->files[k];

			if (strcmp(file->h.session, in->name))
				continue;
			fprintf(f, "    token %" PRIu64 " ", file->h.token);
			esc_put(f, file->h.type);
			fputs(file->retrieved ? " (retrieved)\n" : "\n", f);
		}
	}
}

void text_file(FILE *f, const char *session, uint64_t token,
	       const char *type, const struct stat *st)
{
	fputs("session ", f);
	esc_put(f, session);
	fprintf(f, " token %" PRIu64 ": ", token);
	esc_put(f, type);
	fprintf(f, ", %lld bytes\n", (long long)st->st_size);
}
