// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel's formats (see fakeluo.c): $FAKELUO_VERSIONS is the
 * running kernel's sysfs formats/ directory, which SET_VERSION changes
 * (its "selected" files) as the kernel would, and which decides the
 * format PRESERVE_FD writes a file in:
 * - SET_VERSION: ENOENT for an unknown type, EOPNOTSUPP for a core type
 *   or a version the kernel cannot write now, EBUSY while files of the
 *   type, or for an FLB type files that need it, are preserved in an
 *   open session;
 * - PRESERVE_FD: ENOENT if the file's type has no selected version,
 *   EOPNOTSUPP if its version needs an FLB type with no selected
 *   registered version.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakeluo.h"

#define MAX_VERSIONS	64

/* A format directory. */
struct version {
	char compat[48];
	char type[48];
	unsigned int version;
	char kind[8];
	char caps[4];
	char deps[200];		/* space separated */
	int selected;
	int registered;
};

static void read_value(const char *dir, const char *name, char *buf,
		       size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static int read_versions(struct version *v)
{
	const char *root = getenv("FAKELUO_VERSIONS");
	DIR *d = root ? opendir(root) : NULL;
	struct dirent *e;
	char dir[4096], num[16];
	int n = 0;

	while (d && n < MAX_VERSIONS && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", root, e->d_name);
		snprintf(v[n].compat, sizeof(v[n].compat), "%s", e->d_name);
		read_value(dir, "type", v[n].type, sizeof(v[n].type));
		read_value(dir, "version", num, sizeof(num));
		v[n].version = (unsigned int)atoi(num);
		read_value(dir, "kind", v[n].kind, sizeof(v[n].kind));
		read_value(dir, "caps", v[n].caps, sizeof(v[n].caps));
		read_value(dir, "flb_deps", v[n].deps, sizeof(v[n].deps));
		read_value(dir, "selected", num, sizeof(num));
		v[n].selected = atoi(num);
		read_value(dir, "registered", num, sizeof(num));
		v[n].registered = atoi(num);
		n++;
	}
	if (d)
		closedir(d);
	return n;
}

static void write_selected(const struct version *v)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/selected",
		 getenv("FAKELUO_VERSIONS"), v->compat);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d\n", v->selected);
		fclose(f);
	}
}

/* The selected version of @type among the @n @v, or NULL. */
static const struct version *selected(const struct version *v, int n,
				      const char *type)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].type, type) && v[i].selected)
			return &v[i];
	return NULL;
}

/* Does @deps (space separated) name @type? */
static bool names(const char *deps, const char *type)
{
	char copy[200], *w, *save;

	snprintf(copy, sizeof(copy), "%s", deps);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (!strcmp(w, type))
			return true;
	return false;
}

/* Do files preserved in open sessions hold @type (or need it)? */
static bool in_use(const struct version *v, int n, const char *type)
{
	const struct version *s;
	int i;

	for (i = 0; i < npreserved; i++) {
		if (!fake_session_open(&preserved[i].sst))
			continue;
		if (!strcmp(preserved[i].type, type))
			return true;
		s = selected(v, n, preserved[i].type);
		if (s && names(s->deps, type))
			return true;
	}
	return false;
}

int fake_set_version(const char *type, unsigned int version)
{
	struct version v[MAX_VERSIONS];
	int i, known = 0, n = read_versions(v);
	struct version *want = NULL;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].type, type))
			continue;
		known = 1;
		if (v[i].version == version)
			want = &v[i];
	}
	if (!known)
		return ENOENT;
	if (!want || !strcmp(want->kind, "core") || !strchr(want->caps, 'w'))
		return EOPNOTSUPP;
	if (want->selected)
		return 0;
	if (in_use(v, n, type))
		return EBUSY;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].type, type)) {
			v[i].selected = &v[i] == want;
			write_selected(&v[i]);
		}
	return 0;
}

int fake_preserve_format(const char *type, char *compat, size_t len)
{
	struct version v[MAX_VERSIONS];
	int n = read_versions(v);
	const struct version *s = selected(v, n, type), *f;
	char deps[200], *w, *save;

	if (!s || strcmp(s->kind, "file"))
		return ENOENT;
	snprintf(compat, len, "%s", s->compat);
	snprintf(deps, sizeof(deps), "%s", s->deps);
	for (w = strtok_r(deps, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		f = selected(v, n, w);
		if (!f || !f->registered || !strchr(f->caps, 'w'))
			return EOPNOTSUPP;
		/* What the file takes along, in the log. */
		snprintf(compat + strlen(compat), len - strlen(compat), "+%s",
			 f->compat);
	}
	return 0;
}
