// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/liveupdate/:
 *
 *   versions               "<compatible> <kind> <caps> <selected>" per line
 *   incoming/liveupdate_boot   0 or 1
 *   incoming/update_number     decimal
 *   incoming/components        "<compatible> <result>" per line
 */
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

/* Split @line into at most @max whitespace-separated words. */
static int split(char *line, char **words, int max)
{
	char *save, *w;
	int n = 0;

	for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return max + 1;
		words[n++] = w;
	}
	return n;
}

static int parse_versions(char *text, const char *path, struct table *t)
{
	unsigned int no = 0;
	char *line, *next;

	for (line = text; *line; line = next) {
		char *w[4];
		unsigned int kind;
		int caps;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		no++;
		if (split(line, w, 4) != 4)
			return fail("%s:%u: expected \"<compatible> <kind> <caps> <selected>\"",
				    path, no);
		kind = kind_parse(w[1]);
		caps = caps_parse(w[2]);
		if (!kind)
			return fail("%s:%u: unknown kind \"%s\"", path, no, w[1]);
		if (caps < 0)
			return fail("%s:%u: unknown caps \"%s\"", path, no, w[2]);
		if (strcmp(w[3], "0") && strcmp(w[3], "1"))
			return fail("%s:%u: selected is \"%s\", not 0 or 1",
				    path, no, w[3]);
		if (table_add(t, w[0], kind, (unsigned int)caps, w[3][0] == '1'))
			return fail_wrap("%s:%u", path, no);
	}
	return 0;
}

int sysfs_versions(struct table *t)
{
	char path[PATH_MAX], *text;
	int ret;

	lu_path(path, sizeof(path), "versions");
	ret = read_file(path, &text, NULL);
	/* Only a missing file means no live update; EMFILE is EMFILE. */
	if (ret == -ENOENT)
		return fail("%s: no such file (a kernel without live update support?)",
			    path);
	if (ret)
		return -1;
	ret = parse_versions(text, path, t);
	free(text);
	if (!ret && table_seal(t))
		ret = fail_wrap("%s", path);
	return ret;
}

static int read_number(const char *name, unsigned long long *v)
{
	char path[PATH_MAX], *text;
	size_t len;
	int ret = 0;

	lu_path(path, sizeof(path), name);
	if (read_file(path, &text, &len))
		return -1;
	if (len && text[len - 1] == '\n')
		text[len - 1] = '\0';
	if (parse_uint(text, ULLONG_MAX, v))
		ret = fail("%s: not a number", path);
	free(text);
	return ret;
}

static int parse_components(char *text, const char *path, struct incoming *in)
{
	unsigned int no = 0;
	char *line, *next;

	for (line = text; *line; line = next) {
		struct component *c;
		char *w[2];

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		no++;
		if (split(line, w, 2) != 2 || strlen(w[0]) >= COMPAT_LEN ||
		    strlen(w[1]) >= sizeof(c->result))
			return fail("%s:%u: expected \"<compatible> <result>\"",
				    path, no);
		if (in->count == TABLE_MAX)
			return fail("%s: more than %d components", path,
				    TABLE_MAX);
		c = reallocarray(in->components, in->count + 1, sizeof(*c));
		if (!c)
			return fail("out of memory");
		in->components = c;
		c += in->count++;
		strcpy(c->compatible, w[0]);
		strcpy(c->result, w[1]);
	}
	return 0;
}

int sysfs_incoming(struct incoming *in)
{
	char path[PATH_MAX], *text;
	unsigned long long boot;
	int ret;

	memset(in, 0, sizeof(*in));
	if (read_number("incoming/liveupdate_boot", &boot) ||
	    read_number("incoming/update_number", &in->update_number))
		return -1;
	in->liveupdate_boot = boot;
	lu_path(path, sizeof(path), "incoming/components");
	if (read_file(path, &text, NULL))
		return -1;
	ret = parse_components(text, path, in);
	free(text);
	return ret;
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

	if (read_number("incoming/liveupdate_boot", &boot))
		return -1;
	return boot == 1;
}
