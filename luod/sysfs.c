// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/liveupdate/, one value per file:
 *
 *   state                         enabled, or disabled: <why>
 *   formats/<format>/             type version kind caps listed_caps
 *                                 selected registered provider flb_deps
 *   incoming/state                none, ok, refused: <why>, disabled: <why>
 *   incoming/liveupdate_boot      0 or 1
 *   incoming/update_number        decimal
 *   incoming/components/<format>/ kind result
 *
 * Directories are read in version order of their names, so that output
 * does not depend on sysfs's.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "io.h"
#include "number.h"
#include "sysfs.h"

static const char *root;

void sysfs_set_root(const char *dir)
{
	root = dir;
}

static const char *sysfs_root(void)
{
	if (!root)
		root = getenv("LUOD_SYSFS");
	if (!root || !*root)
		root = "/sys";
	return root;
}

static void lu_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/kernel/liveupdate/%s", sysfs_root(), name);
}

/*
 * The one line of the file @dir/@name (relative to liveupdate/) into
 * @out, without its newline: at most @len - 1 bytes.
 */
static int read_value(const char *dir, const char *name, char *out,
		      size_t len)
{
	char rel[PATH_MAX], path[PATH_MAX], *text;
	size_t n;
	int ret;

	snprintf(rel, sizeof(rel), "%s%s%s", dir, *dir ? "/" : "", name);
	lu_path(path, sizeof(path), rel);
	ret = read_file(path, &text, &n);
	if (ret)
		return ret;
	if (n && text[n - 1] == '\n')
		text[--n] = '\0';
	ret = 0;
	if (memchr(text, '\n', n) || n >= len)
		ret = fail("%s: not one value of at most %zu bytes", path,
			   len - 1);
	else
		memcpy(out, text, n + 1);
	free(text);
	return ret;
}

static int read_number(const char *dir, const char *name,
		       unsigned long long max, unsigned long long *v)
{
	char text[32];

	if (read_value(dir, name, text, sizeof(text)))
		return -1;
	if (parse_uint(text, max, v))
		return fail("%s/%s%s%s: \"%s\" is not a number of at most %llu",
			    sysfs_root(), dir, *dir ? "/" : "", name, text, max);
	return 0;
}

static int read_flag(const char *dir, const char *name, int *v)
{
	unsigned long long n;

	if (read_number(dir, name, 1, &n))
		return -1;
	*v = (int)n;
	return 0;
}

static int read_kind(const char *dir, unsigned int *kind)
{
	char text[16];

	if (read_value(dir, "kind", text, sizeof(text)))
		return -1;
	*kind = kind_parse(text);
	if (!*kind)
		return fail("%s/kind: unknown kind \"%s\"", dir, text);
	return 0;
}

static int read_caps(const char *dir, const char *name, unsigned int *caps)
{
	char text[8];
	int c;

	if (read_value(dir, name, text, sizeof(text)))
		return -1;
	c = caps_parse(text);
	if (c < 0)
		return fail("%s/%s: unknown caps \"%s\"", dir, name, text);
	*caps = (unsigned int)c;
	return 0;
}

/* "vlu-test-flb vlu-other" into the FLB types of @e. */
static int read_deps(const char *dir, struct entry *e)
{
	char text[MAX_FLB_DEPS * COMPAT_LEN + 8], *save, *w;

	if (read_value(dir, "flb_deps", text, sizeof(text)))
		return -1;
	for (w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (e->nflb == MAX_FLB_DEPS || strlen(w) >= COMPAT_LEN)
			return fail("%s/flb_deps: more than %d FLB types, or one too long",
				    dir, MAX_FLB_DEPS);
		strcpy(e->flb_deps[e->nflb++], w);
	}
	return 0;
}

static int read_format(const char *name, struct entry *e)
{
	char dir[PATH_MAX];
	unsigned long long version;

	memset(e, 0, sizeof(*e));
	snprintf(dir, sizeof(dir), "formats/%s", name);
	snprintf(e->compatible, sizeof(e->compatible), "%s", name);
	if (read_value(dir, "type", e->type, sizeof(e->type)) ||
	    read_number(dir, "version", UINT_MAX, &version) ||
	    read_kind(dir, &e->kind) || read_caps(dir, "caps", &e->caps) ||
	    read_caps(dir, "listed_caps", &e->listed_caps) ||
	    read_flag(dir, "selected", &e->selected) ||
	    read_flag(dir, "registered", &e->registered) ||
	    read_value(dir, "provider", e->provider, sizeof(e->provider)) ||
	    read_deps(dir, e))
		return -1;
	e->version = (unsigned int)version;
	return 0;
}

static int no_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * The entries of directory @rel, in version order of their names, into
 * *@names (to free with free_names()); their number, or -1.
 */
static int list_dir(const char *rel, struct dirent ***names)
{
	char path[PATH_MAX];
	int n;

	lu_path(path, sizeof(path), rel);
	n = scandir(path, names, no_dots, versionsort);
	if (n < 0)
		return fail_errno(errno, "%s", path);
	if (n > TABLE_MAX) {
		while (n--)
			free((*names)[n]);
		free(*names);
		return fail("%s: more than %d entries", path, TABLE_MAX);
	}
	return n;
}

static void free_names(struct dirent **names, int n)
{
	while (n-- > 0)
		free(names[n]);
	free(names);
}

/* "enabled", or "disabled: <why>" into t->disabled. */
static int read_state(struct table *t)
{
	char path[PATH_MAX], state[sizeof(t->disabled) + 16];
	int ret = read_value("", "state", state, sizeof(state));

	/* Only a missing file means no live update; EMFILE is EMFILE. */
	lu_path(path, sizeof(path), "state");
	if (ret == -ENOENT)
		return fail("%s: no such file (a kernel without live update support?)",
			    path);
	if (ret)
		return -1;
	if (!strcmp(state, "enabled"))
		return 0;
	if (strncmp(state, "disabled: ", 10))
		return fail("%s: \"%s\" is neither \"enabled\" nor \"disabled: ...\"",
			    path, state);
	snprintf(t->disabled, sizeof(t->disabled), "%s", state + 10);
	return 0;
}

int sysfs_versions(struct table *t)
{
	struct dirent **names;
	struct entry e;
	int i, n;

	if (read_state(t))
		return -1;
	n = list_dir("formats", &names);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (read_format(names[i]->d_name, &e) || table_add(t, &e))
			break;
	free_names(names, n);
	if (i < n || table_seal(t))
		return fail_wrap("the running kernel's formats");
	return 0;
}

static int read_component(const char *name, struct component *c)
{
	char dir[PATH_MAX];

	memset(c, 0, sizeof(*c));
	if (strlen(name) >= sizeof(c->name))
		return fail("incoming/components/%s: name too long", name);
	strcpy(c->name, name);
	snprintf(dir, sizeof(dir), "incoming/components/%s", name);
	return read_kind(dir, &c->kind) ||
	       read_value(dir, "result", c->result, sizeof(c->result)) ? -1 : 0;
}

int sysfs_incoming(struct incoming *in)
{
	struct dirent **names;
	unsigned long long boot;
	int i, n;

	memset(in, 0, sizeof(*in));
	if (read_value("incoming", "state", in->state, sizeof(in->state)) ||
	    read_number("incoming", "liveupdate_boot", 1, &boot) ||
	    read_number("incoming", "update_number", ULLONG_MAX,
			&in->update_number))
		return -1;
	in->liveupdate_boot = boot;
	n = list_dir("incoming/components", &names);
	if (n < 0)
		return -1;
	in->components = calloc((size_t)n + 1, sizeof(*in->components));
	for (i = 0; in->components && i < n; i++, in->count++)
		if (read_component(names[i]->d_name, &in->components[i]))
			break;
	free_names(names, n);
	if (!in->components)
		return fail("out of memory");
	return i < n ? -1 : 0;
}

void incoming_free(struct incoming *in)
{
	free(in->components);
	in->components = NULL;
	in->count = 0;
}

int sysfs_liveupdate_boot(void)
{
	unsigned long long boot;

	if (read_number("incoming", "liveupdate_boot", 1, &boot))
		return -1;
	return boot == 1;
}
