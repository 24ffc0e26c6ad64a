// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that read images and the running kernel: versions, check,
 * matrix, incoming.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "handover.h"
#include "image.h"
#include "modules.h"
#include "cli.h"
#include "commands.h"
#include "negotiate.h"
#include "report.h"
#include "rpc.h"
#include "sysfs.h"

#define MAX_TYPES	64

/* An image's table, its modules' formats included. */
static int read_image(const char *path, const char *modules, struct table *t,
		      struct image_info *info, struct module_set *ms)
{
	memset(ms, 0, sizeof(*ms));
	if (image_read(path, t, info) ||
	    image_modules(modules, info->release, &info->layout, t, ms))
		return -1;
	return 0;
}

int cmd_versions(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "modules", required_argument, NULL, 'M' },
		COMMON_LONGOPTS
	};
	struct module_set ms = { 0 };
	const char *image, *modules = NULL;
	struct image_info info;
	struct table t = { 0 };
	struct out o;
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS, longopts,
				NULL)) != -1) {
		if (c == 'M') {
			modules = optarg;
			continue;
		}
		ret = common_option(c, argv, "versions");
		if (ret >= 0)
			return ret;
	}
	if (argc - optind > 1)
		return usage_error("versions: at most one IMAGE");
	image = argv[optind];
	if (!image && modules)
		return usage_error("versions: --modules is for an IMAGE");
	if (image ? read_image(image, modules, &t, &info, &ms) :
		    sysfs_versions(&t)) {
		table_free(&t);
		modules_free(&ms);
		return error_exit(EXIT_USAGE);
	}
	o = cli_out();
	report_versions(&o, &t, image, image ? &info : NULL, &ms);
	table_free(&t);
	modules_free(&ms);
	return EXIT_OK;
}

/* --type T options: the types in use. */
struct types {
	const char *v[MAX_TYPES];
	size_t n;
};

static int add_type(struct types *t, const char *type)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i], type))
			return 0;
	if (t->n == MAX_TYPES)
		return usage_error("too many types (at most %d)", MAX_TYPES);
	t->v[t->n++] = type;
	return 0;
}

/*
 * The types of the files the daemon holds, into @held, are in use too
 * (@types points into @held). Without them
 * a "compatible" could be wrong: if the daemon cannot be asked, that is
 * an error, unless @ignore (--no-daemon). No daemon: nothing is held.
 */
static int held_types(struct types *types, char *held, size_t len,
		      bool ignore)
{
	char *save, *w;
	int ret;

	if (ignore)
		return 0;
	ret = rpc_types(held, len);
	if (ret == NO_DAEMON)
		return 0;
	if (ret) {
		char why[512];

		snprintf(why, sizeof(why), "%s", last_error());
		fail("cannot learn the types of the files the daemon holds: %s; no verdict without them (--no-daemon checks without them)",
		     why);
		return error_exit(EXIT_USAGE);
	}
	for (w = strtok_r(held, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (add_type(types, w))
			return EXIT_USAGE;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "type", required_argument, NULL, 't' },
		{ "no-daemon", no_argument, NULL, 'N' },
		{ "modules", required_argument, NULL, 'M' },
		COMMON_LONGOPTS
	};
	struct table running = { 0 }, image = { 0 };
	bool all = false, no_daemon = false;
	const char *modules = NULL;
	struct module_set ms = { 0 };
	struct image_info info;
	struct types types = { 0 };
	char held[4096];
	struct negotiation n;
	struct out o;
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "at:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'N':
			no_daemon = true;
			break;
		case 'M':
			modules = optarg;
			break;
		case 't':
			if (add_type(&types, optarg))
				return EXIT_USAGE;
			break;
		default:
			ret = common_option(c, argv, "check");
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind != 1)
		return usage_error("check: give one IMAGE");

	if (held_types(&types, held, sizeof(held), no_daemon))
		return EXIT_USAGE;

	ret = EXIT_USAGE;
	if (sysfs_versions(&running) ||
	    read_image(argv[optind], modules, &image, &info, &ms) ||
	    negotiate(&n, &running, "running", &image, argv[optind], types.v,
		      types.n, all)) {
		error_exit(EXIT_USAGE);
		goto out;
	}
	o = cli_out();
	report_check(&o, &n);
	ret = n.compatible ? EXIT_OK : EXIT_FAIL;
	negotiation_free(&n);
out:
	table_free(&running);
	table_free(&image);
	modules_free(&ms);
	return ret;
}

int cmd_matrix(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		COMMON_LONGOPTS
	};
	struct matrix_image *img = NULL;
	struct negotiation *pairs = NULL;
	struct types types = { 0 };
	size_t i, k, count, done = 0;
	struct out o;
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "t:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 't':
			if (add_type(&types, optarg))
				return EXIT_USAGE;
			break;
		default:
			ret = common_option(c, argv, "matrix");
			if (ret >= 0)
				return ret;
		}
	}
	if (argc == optind)
		return usage_error("matrix: give at least one IMAGE");
	count = (size_t)(argc - optind);
	img = calloc(count, sizeof(*img));
	pairs = calloc(count * count, sizeof(*pairs));
	ret = EXIT_USAGE;
	if (!img || !pairs) {
		fail("out of memory");
		goto err;
	}
	for (i = 0; i < count; i++) {
		char *arg = argv[optind + i], *eq = strchr(arg, '=');

		/* NAME=PATH when '=' comes before any '/'. */
		if (eq && eq != arg && !memchr(arg, '/', (size_t)(eq - arg))) {
			*eq = '\0';
			img[i].name = arg;
			img[i].path = eq + 1;
		} else {
			img[i].name = img[i].path = arg;
		}
		/* Each image's own modules, if its directory is there. */
		if (read_image(img[i].path, NULL, &img[i].table, &img[i].info,
			       &img[i].modules))
			goto err;
	}
	for (i = 0; i < count; i++)
		for (k = 0; k < count; k++, done++)
			if (negotiate(&pairs[done], &img[i].table, img[i].name,
				      &img[k].table, img[k].name, types.v,
				      types.n, !types.n))
				goto err;
	o = cli_out();
	report_matrix(&o, img, count, pairs);
	ret = EXIT_OK;
	goto out;
err:
	error_exit(ret);
out:
	for (i = 0; i < done; i++)
		negotiation_free(&pairs[i]);
	for (i = 0; img && i < count; i++) {
		table_free(&img[i].table);
		modules_free(&img[i].modules);
	}
	free(pairs);
	free(img);
	return ret;
}

/*
 * The daemon's "<name> <state> <why>" lines into @u; no daemon: not
 * known. A daemon that cannot be asked is an error.
 */
static int unfinished(struct unfinished_list *u)
{
	char text[PROTO_MSG_MAX], *line, *save;
	int ret = rpc_unfinished(text, sizeof(text));

	memset(u, 0, sizeof(*u));
	if (ret == NO_DAEMON)
		return 0;
	if (ret)
		return fail_wrap("cannot learn the daemon's incoming sessions");
	u->known = true;
	u->v = calloc(PROTO_MSG_MAX / 8, sizeof(*u->v));
	if (!u->v)
		return fail("out of memory");
	for (line = strtok_r(text, "\n", &save); line && u->n < PROTO_MSG_MAX / 8;
	     line = strtok_r(NULL, "\n", &save)) {
		struct unfinished *s = &u->v[u->n];
		int n = 0;

		if (sscanf(line, "%63s %15s %n", s->name, s->state, &n) != 2 || !n)
			return fail("the daemon's incoming sessions: malformed line");
		if (strcmp(line + n, "-"))
			snprintf(s->why, sizeof(s->why), "%s", line + n);
		session_way_out(s->name, s->state, s->way_out,
				sizeof(s->way_out));
		u->n++;
	}
	return 0;
}

int cmd_incoming(int argc, char **argv)
{
	struct unfinished_list u = { 0 };
	struct incoming in;
	struct out o;
	int ret;

	ret = common_options_only(argc, argv, "incoming");
	if (ret >= 0)
		return ret;
	if (argc != optind)
		return usage_error("incoming: no arguments");
	if (sysfs_incoming(&in) || unfinished(&u)) {
		incoming_free(&in);
		free(u.v);
		return error_exit(EXIT_USAGE);
	}
	o = cli_out();
	report_incoming(&o, &in, &u);
	incoming_free(&in);
	free(u.v);
	return EXIT_OK;
}
