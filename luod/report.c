// SPDX-License-Identifier: GPL-2.0
/*
 * Every JSON document luod writes, in the schemas of JSON.md (which
 * tests assert on); the text forms are in text.c.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "kernel.h"
#include "report.h"
#include "text.h"

static void json_versions(struct json *j, const char *key,
			  const struct table *t, const char *type,
			  unsigned int caps)
{
	unsigned int v[64];
	size_t i, n;

	n = table_versions(t, type, caps, v, 64);
	json_array(j, key);
	for (i = 0; i < n && i < 64; i++)
		json_uint(j, NULL, v[i]);
	json_end(j);
}

static void json_deps(struct json *j, const char *key,
		      const char (*deps)[COMPAT_LEN], unsigned int n)
{
	unsigned int i;

	json_array(j, key);
	for (i = 0; i < n; i++)
		json_string(j, NULL, deps[i]);
	json_end(j);
}

/* 0 or 1, or null when @v is UNKNOWN. */
static void json_tristate(struct json *j, const char *key, int v)
{
	if (v == UNKNOWN)
		json_null(j, key);
	else
		json_bool(j, key, v);
}

/* Why an image cannot take a live update as a whole, or NULL. */
static const char *unusable(const struct table *t)
{
	switch (t->source) {
	case TABLE_UNLISTED:
		return RULE_UNLISTED;
	case TABLE_LEGACY:
		return RULE_LEGACY;
	default:
		return NULL;
	}
}

static const char *compression(const struct image_info *info)
{
	return info && info->comp != COMP_NONE ? comp_name(info->comp) : NULL;
}

void report_versions(const struct out *o, const struct table *t,
		     const char *image, const struct image_info *info,
		     const struct module_set *ms)
{
	struct json j;
	size_t i;

	if (!o->json) {
		text_versions(o->f, t, info, image);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "source", info ? "image" : "running");
	json_string(&j, "image", image);
	json_string(&j, "format", info ? image_format_name(info->format) : NULL);
	json_string(&j, "compression", compression(info));
	if (info) {
		json_bool(&j, "section", t->source != TABLE_UNLISTED);
		if (t->source == TABLE_UNLISTED)
			json_null(&j, "section_format");
		else
			json_uint(&j, "section_format",
				  t->source == TABLE_LEGACY ? 1 : info->layout.format);
		json_string(&j, "rule", unusable(t));
		json_null(&j, "state");
	} else {
		json_null(&j, "section");
		json_null(&j, "section_format");
		json_string(&j, "rule", t->disabled[0] ? RULE_DISABLED : NULL);
		json_string(&j, "state", t->disabled[0] ? "disabled" : "enabled");
	}
	json_string(&j, "disabled", t->disabled[0] ? t->disabled : NULL);
	json_string(&j, "release", info && info->release[0] ? info->release : NULL);
	json_string(&j, "modules", ms && ms->dir[0] ? ms->dir : NULL);
	json_array(&j, "entries");
	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		json_object(&j, NULL);
		json_string(&j, "compatible", e->compatible);
		json_string(&j, "type", e->type);
		json_uint(&j, "version", e->version);
		json_string(&j, "kind", kind_name(e->kind));
		json_bool(&j, "read", e->caps & CAP_READ);
		json_bool(&j, "write", e->caps & CAP_WRITE);
		json_tristate(&j, "selected", e->selected);
		json_bool(&j, "listed_read", e->listed_caps & CAP_READ);
		json_bool(&j, "listed_write", e->listed_caps & CAP_WRITE);
		json_tristate(&j, "registered", e->registered);
		json_string(&j, "provider", e->provider);
		json_deps(&j, "flb_deps", e->flb_deps, e->nflb);
		json_end(&j);
	}
	json_finish(&j);
}

/*
 * The members of a negotiation, in check's and update's documents; the
 * reason a pair is refused as a whole unless the document has its own.
 */
static void json_negotiation(struct json *j, const struct negotiation *n,
			     bool reason)
{
	size_t i;

	json_string(j, "from", n->from_name);
	json_string(j, "to", n->to_name);
	json_bool(j, "compatible", n->compatible);
	json_string(j, "rule", n->rule);
	if (reason)
		json_string(j, "reason", n->reason[0] ? n->reason : NULL);
	json_array(j, "types");
	for (i = 0; i < n->count; i++) {
		const struct choice *c = &n->choices[i];

		json_object(j, NULL);
		json_string(j, "type", c->type);
		json_string(j, "kind", kind_name(c->kind));
		json_string(j, "verdict", verdict_name(c->verdict));
		if (c->verdict == VERDICT_OK)
			json_uint(j, "version", c->version);
		else
			json_null(j, "version");
		if (c->selected)
			json_uint(j, "selected", c->selected);
		else
			json_null(j, "selected");
		json_versions(j, "writes", n->from, c->type, CAP_WRITE);
		json_versions(j, "reads", n->to, c->type, CAP_READ);
		json_string(j, "rule", c->rule);
		json_string(j, "reason",
			    c->verdict == VERDICT_OK ? NULL : c->reason);
		json_deps(j, "flbs", c->flbs, c->nflb);
		json_string(j, "provider", c->provider[0] ? c->provider : NULL);
		json_end(j);
	}
	json_end(j);
}

void report_check(const struct out *o, const struct negotiation *n)
{
	struct json j;

	if (!o->json) {
		text_negotiation(o->f, n);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_negotiation(&j, n, true);
	json_finish(&j);
}

void report_matrix(const struct out *o, const struct matrix_image *images,
		   size_t count, const struct negotiation *pairs)
{
	struct json j;
	size_t a;

	if (!o->json) {
		text_matrix(o->f, images, count, pairs);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_array(&j, "images");
	for (a = 0; a < count; a++) {
		json_object(&j, NULL);
		json_string(&j, "name", images[a].name);
		json_string(&j, "path", images[a].path);
		json_string(&j, "format", image_format_name(images[a].info.format));
		json_string(&j, "compression", compression(&images[a].info));
		json_bool(&j, "section", images[a].table.source != TABLE_UNLISTED);
		json_string(&j, "rule", unusable(&images[a].table));
		json_end(&j);
	}
	json_end(&j);
	json_array(&j, "pairs");
	for (a = 0; a < count * count; a++) {
		json_object(&j, NULL);
		json_negotiation(&j, &pairs[a], true);
		json_end(&j);
	}
	json_finish(&j);
}

void report_incoming(const struct out *o, const struct incoming *in,
		     const struct unfinished_list *u)
{
	struct json j;
	size_t i;

	if (!o->json) {
		text_incoming(o->f, in, u);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "state", in->state);
	json_bool(&j, "liveupdate_boot", in->liveupdate_boot);
	json_uint(&j, "update_number", in->update_number);
	json_array(&j, "components");
	for (i = 0; i < in->count; i++) {
		json_object(&j, NULL);
		json_string(&j, "compatible", in->components[i].name);
		json_string(&j, "kind", kind_name(in->components[i].kind));
		json_string(&j, "result", in->components[i].result);
		json_end(&j);
	}
	json_end(&j);
	if (!u->known) {
		json_null(&j, "unfinished");
	} else {
		json_array(&j, "unfinished");
		for (i = 0; i < u->n; i++) {
			json_object(&j, NULL);
			json_string(&j, "session", u->v[i].name);
			json_string(&j, "state", u->v[i].state);
			json_string(&j, "error", u->v[i].why[0] ? u->v[i].why : NULL);
			json_string(&j, "way_out", u->v[i].way_out);
			json_end(&j);
		}
		json_end(&j);
	}
	json_finish(&j);
}

void report_plan(const struct out *o, const struct plan *p)
{
	struct json j;
	size_t i;

	if (!o->json) {
		text_plan(o->f, p);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "image", p->args->image);
	json_string(&j, "format", image_format_name(p->info.format));
	json_string(&j, "compression", compression(&p->info));
	json_bool(&j, "dry_run", p->args->dry_run);
	json_string(&j, "state", plan_state_name(p->state));
	/* The plan's reason, which includes the pair's. */
	json_string(&j, "reason", p->state == PLAN_ABORTED ||
		    p->state == PLAN_FAILED ? p->why : NULL);
	json_negotiation(&j, &p->neg, false);
	json_array(&j, "files");
	for (i = 0; i < p->nfiles; i++) {
		const struct plan_file *f = &p->files[i];

		json_object(&j, NULL);
		json_string(&j, "session", f->h->session);
		json_uint(&j, "token", f->h->token);
		json_string(&j, "type", f->h->type);
		json_string(&j, "action", file_action_name(f->action));
		json_string(&j, "reason", f->action == ACTION_PRESERVE ?
			    NULL : f->reason);
		json_end(&j);
	}
	json_end(&j);
	json_object(&j, "kexec");
	json_bool(&j, "initrd", p->args->initrd_fd >= 0);
	json_string(&j, "cmdline", p->cmdline);
	json_end(&j);
	json_finish(&j);
}

void report_plan_state(const struct out *o, const struct plan *p)
{
	if (!o->json)
		text_plan_state(o->f, p);
}

void report_status(const struct out *o, const struct status *s)
{
	struct json j;
	size_t i, k;

	if (!o->json) {
		text_status(o->f, s);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_array(&j, "held");
	for (i = 0; i < s->nheld; i++) {
		json_object(&j, NULL);
		json_string(&j, "session", s->held[i]->session);
		json_uint(&j, "token", s->held[i]->token);
		json_string(&j, "type", s->held[i]->type);
		json_end(&j);
	}
	json_end(&j);
	json_array(&j, "incoming");
	for (i = 0; i < s->nin; i++) {
		const struct in_session *in = s->in[i];

		json_object(&j, NULL);
		json_string(&j, "session", in->name);
		json_string(&j, "state", in_session_state(in));
		json_string(&j, "error", in->err ?
			    luo_strerror(LUO_RETRIEVE_SESSION, in->err) : NULL);
		json_array(&j, "files");
		for (k = 0; k < s->nfiles; k++) {
			const struct in_file *f = &s->files[k];

			if (strcmp(f->h.session, in->name))
				continue;
			json_object(&j, NULL);
			json_uint(&j, "token", f->h.token);
			json_string(&j, "type", f->h.type);
			json_bool(&j, "retrieved", f->retrieved);
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
	}
	json_finish(&j);
}

void report_file(const struct out *o, const char *session, uint64_t token,
		 const char *type, const struct stat *st)
{
	struct json j;

	if (!o->json) {
		if (st)
			text_file(o->f, session, token, type, st);
		return;
	}
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "session", session);
	json_uint(&j, "token", token);
	json_string(&j, "type", type);
	if (st)
		json_uint(&j, "size", (unsigned long long)st->st_size);
	json_finish(&j);
}

void report_finished(const struct out *o, const char *session)
{
	struct json j;

	if (!o->json)
		return;
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "session", session);
	json_bool(&j, "finished", true);
	json_finish(&j);
}

void report_discarded(const struct out *o, const char *session)
{
	struct json j;

	if (!o->json)
		return;
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "session", session);
	json_bool(&j, "discarded", true);
	json_finish(&j);
}

void report_dropped(const struct out *o, const char *session,
		    unsigned long long n)
{
	struct json j;

	if (!o->json)
		return;
	json_init(&j, o->f, o->pretty);
	json_object(&j, NULL);
	json_string(&j, "session", session);
	json_uint(&j, "dropped", n);
	json_finish(&j);
}

void report_error(FILE *f, bool pretty, const char *message)
{
	struct json j;

	json_init(&j, f, pretty);
	json_object(&j, NULL);
	json_string(&j, "error", message);
	json_finish(&j);
}

void report_event(FILE *f, const char *event, const char *message)
{
	struct json j;

	json_init(&j, f, false);
	json_object(&j, NULL);
	json_string(&j, "event", event);
	json_string(&j, "message", message);
	json_finish(&j);
	fflush(f);
}
