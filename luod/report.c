// SPDX-License-Identifier: GPL-2.0
/*
 * Text for people, JSON for programs. The text is aligned in columns; the
 * JSON follows the schemas of JSON.md, which tests assert on.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "luod.h"
#include "report.h"

struct out out_stdout(void)
{
	return (struct out){ stdout, opts.json, opts.pretty };
}

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

void report_versions(const struct out *o, const struct table *t,
		     const char *image, const struct image_info *info)
{
	size_t i, w = strlen("COMPATIBLE");

	if (o->json) {
		struct json j;

		json_init(&j, o->f, o->pretty);
		json_object(&j, NULL);
		json_string(&j, "source", info ? "image" : "running");
		json_string(&j, "image", image);
		json_string(&j, "format",
			    info ? image_format_name(info->format) : NULL);
		json_string(&j, "compression", info && info->comp != COMP_NONE ?
			    comp_name(info->comp) : NULL);
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
			if (e->selected == SELECTED_UNKNOWN)
				json_null(&j, "selected");
			else
				json_bool(&j, "selected", e->selected);
			json_end(&j);
		}
		json_finish(&j);
		return;
	}
	for (i = 0; i < t->count; i++)
		if (strlen(t->entries[i].compatible) > w)
			w = strlen(t->entries[i].compatible);
	fprintf(o->f, "%-*s  KIND  CAPS%s\n", (int)w, "COMPATIBLE",
		info ? "" : "  SELECTED");
	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		fprintf(o->f, "%-*s  %-4s  ", (int)w, e->compatible,
			kind_name(e->kind));
		if (e->selected == SELECTED_UNKNOWN)
			fprintf(o->f, "%s\n", caps_name(e->caps));
		else
			fprintf(o->f, "%-4s  %s\n", caps_name(e->caps),
				e->selected ? "yes" : "no");
	}
}

/* The members of a negotiation, in check's and update's documents. */
static void json_negotiation(struct json *j, const struct negotiation *n)
{
	size_t i;

	json_string(j, "from", n->from_name);
	json_string(j, "to", n->to_name);
	json_bool(j, "compatible", n->compatible);
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
		json_string(j, "reason",
			    c->verdict == VERDICT_OK ? NULL : c->reason);
		json_end(j);
	}
	json_end(j);
}

static void text_negotiation(FILE *f, const struct negotiation *n)
{
	size_t i, w = 4;

	for (i = 0; i < n->count; i++)
		if (strlen(n->choices[i].type) > w)
			w = strlen(n->choices[i].type);
	fprintf(f, "%-*s  KIND  RESULT\n", (int)w, "TYPE");
	for (i = 0; i < n->count; i++) {
		const struct choice *c = &n->choices[i];

		fprintf(f, "%-*s  %-4s  ", (int)w, c->type,
			kind_name(c->kind));
		if (c->verdict != VERDICT_OK)
			fprintf(f, "%s: %s\n", verdict_name(c->verdict),
				c->reason);
		else if (c->selected && c->selected != c->version)
			fprintf(f, "v%u (selected now: v%u)\n", c->version,
				c->selected);
		else
			fprintf(f, "v%u\n", c->version);
	}
	fprintf(f, "%s -> %s: %s\n", n->from_name, n->to_name,
		n->compatible ? "compatible" : "not compatible");
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
	json_negotiation(&j, n);
	json_finish(&j);
}

/* "kho-v1 luo-v1 memfd-v2", or the first refusal. */
static void text_pair(FILE *f, const struct negotiation *n)
{
	size_t i;

	fprintf(f, "%s -> %s:", n->from_name, n->to_name);
	for (i = 0; i < n->count; i++) {
		const struct choice *c = &n->choices[i];

		if (c->verdict == VERDICT_OK && n->compatible)
			fprintf(f, " %s-v%u", c->type, c->version);
		else if (c->verdict == VERDICT_REFUSED)
			fprintf(f, " %s refused (%s);", c->type, c->reason);
	}
	fputc('\n', f);
}

void report_matrix(const struct out *o, const struct matrix_image *images,
		   size_t count, const struct negotiation *pairs)
{
	size_t a, b, w = strlen("FROM\\TO");

	if (o->json) {
		struct json j;

		json_init(&j, o->f, o->pretty);
		json_object(&j, NULL);
		json_array(&j, "images");
		for (a = 0; a < count; a++) {
			json_object(&j, NULL);
			json_string(&j, "name", images[a].name);
			json_string(&j, "path", images[a].path);
			json_string(&j, "format",
				    image_format_name(images[a].info.format));
			json_string(&j, "compression",
				    images[a].info.comp != COMP_NONE ?
				    comp_name(images[a].info.comp) : NULL);
			json_end(&j);
		}
		json_end(&j);
		json_array(&j, "pairs");
		for (a = 0; a < count * count; a++) {
			json_object(&j, NULL);
			json_negotiation(&j, &pairs[a]);
			json_end(&j);
		}
		json_finish(&j);
		return;
	}
	for (a = 0; a < count; a++)
		if (strlen(images[a].name) > w)
			w = strlen(images[a].name);
	/* Columns of width w, the last one unpadded. */
	fprintf(o->f, "%-*s", (int)w, "FROM\\TO");
	for (b = 0; b < count; b++)
		fprintf(o->f, "  %-*s", b + 1 < count ? (int)w : 0,
			images[b].name);
	fputc('\n', o->f);
	for (a = 0; a < count; a++) {
		fprintf(o->f, "%-*s", (int)w, images[a].name);
		for (b = 0; b < count; b++)
			fprintf(o->f, "  %-*s", b + 1 < count ? (int)w : 0,
				pairs[a * count + b].compatible ? "yes" : "no");
		fputc('\n', o->f);
	}
	fputc('\n', o->f);
	for (a = 0; a < count * count; a++)
		text_pair(o->f, &pairs[a]);
}

void report_incoming(const struct out *o, const struct incoming *in)
{
	size_t i, w = strlen("COMPONENT");

	if (o->json) {
		struct json j;

		json_init(&j, o->f, o->pretty);
		json_object(&j, NULL);
		json_bool(&j, "liveupdate_boot", in->liveupdate_boot);
		json_uint(&j, "update_number", in->update_number);
		json_array(&j, "components");
		for (i = 0; i < in->count; i++) {
			json_object(&j, NULL);
			json_string(&j, "compatible",
				    in->components[i].compatible);
			json_string(&j, "result", in->components[i].result);
			json_end(&j);
		}
		json_finish(&j);
		return;
	}
	fprintf(o->f, "live update boot: %s\nupdate number: %llu\n",
		in->liveupdate_boot ? "yes" : "no", in->update_number);
	for (i = 0; i < in->count; i++)
		if (strlen(in->components[i].compatible) > w)
			w = strlen(in->components[i].compatible);
	if (in->count)
		fprintf(o->f, "%-*s  RESULT\n", (int)w, "COMPONENT");
	for (i = 0; i < in->count; i++)
		fprintf(o->f, "%-*s  %s\n", (int)w,
			in->components[i].compatible,
			in->components[i].result);
}

void report_plan(const struct out *o, const struct plan *p)
{
	const char *initrd = p->args->initrd_fd >= 0 ? "yes" : "none";
	size_t i, w = strlen("SESSION"), tw = strlen("TYPE");

	if (o->json) {
		struct json j;

		json_init(&j, o->f, o->pretty);
		json_object(&j, NULL);
		json_string(&j, "image", p->args->image);
		json_string(&j, "format", image_format_name(p->info.format));
		json_string(&j, "compression", p->info.comp != COMP_NONE ?
			    comp_name(p->info.comp) : NULL);
		json_bool(&j, "dry_run", p->args->dry_run);
		json_string(&j, "state", plan_state_name(p->state));
		json_string(&j, "reason", p->state == PLAN_ABORTED ||
			    p->state == PLAN_FAILED ? p->why : NULL);
		json_negotiation(&j, &p->neg);
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
		return;
	}
	text_negotiation(o->f, &p->neg);
	for (i = 0; i < p->nfiles; i++) {
		if (strlen(p->files[i].h->session) > w)
			w = strlen(p->files[i].h->session);
		if (strlen(p->files[i].h->type) > tw)
			tw = strlen(p->files[i].h->type);
	}
	if (p->nfiles)
		fprintf(o->f, "%-*s  TOKEN  %-*s  ACTION\n", (int)w, "SESSION",
			(int)tw, "TYPE");
	for (i = 0; i < p->nfiles; i++) {
		const struct plan_file *f = &p->files[i];

		fprintf(o->f, "%-*s  %-5" PRIu64 "  %-*s  %s%s%s\n", (int)w,
			f->h->session, f->h->token, (int)tw, f->h->type,
			file_action_name(f->action),
			f->action == ACTION_PRESERVE ? "" : ": ",
			f->action == ACTION_PRESERVE ? "" : f->reason);
	}
	fprintf(o->f, "kexec: %s, initrd %s, cmdline \"%s\"\n", p->args->image,
		initrd, p->cmdline);
	report_plan_state(o, p);
}

void report_plan_state(const struct out *o, const struct plan *p)
{
	if (o->json)
		return;
	if (p->state == PLAN_ABORTED || p->state == PLAN_FAILED)
		fprintf(o->f, "update %s: %s\n", plan_state_name(p->state),
			p->why);
	else if (p->args->dry_run)
		fprintf(o->f, "update ready (dry run: nothing changed)\n");
	else
		fprintf(o->f, "update %s\n", plan_state_name(p->state));
}
