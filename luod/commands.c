// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that read images and the running kernel: versions, check,
 * matrix, incoming; and update, which goes through the daemon when one
 * listens (it holds the files) and runs here otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "error.h"
#include "image.h"
#include "luod.h"
#include "negotiate.h"
#include "proto.h"
#include "report.h"
#include "sysfs.h"
#include "update.h"

#define MAX_TYPES	64

int cmd_versions(int argc, char **argv)
{
	struct image_info info;
	struct table t = { 0 };
	const char *image;
	struct out o;
	int ret;

	ret = common_options_only(argc, argv, "versions");
	if (ret >= 0)
		return ret;
	if (argc - optind > 1)
		return usage_error("versions: at most one IMAGE");
	image = argv[optind];
	if (image ? image_read(image, &t, &info) : sysfs_versions(&t)) {
		table_free(&t);
		return error_exit(EXIT_USAGE);
	}
	o = out_stdout();
	report_versions(&o, &t, image, image ? &info : NULL);
	table_free(&t);
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

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "type", required_argument, NULL, 't' },
		COMMON_LONGOPTS
	};
	struct table running = { 0 }, image = { 0 };
	char held[4096], *save, *w;
	struct types types = { 0 };
	struct negotiation n;
	struct out o;
	bool all = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "at:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
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

	/* The types of the files a daemon holds are in use, too. */
	ret = client_types(held, sizeof(held));
	if (ret == -1)
		fprintf(stderr, "luod: warning: %s; the types of held files are not checked\n",
			last_error());
	for (w = ret ? NULL : strtok_r(held, " ", &save); w;
	     w = strtok_r(NULL, " ", &save))
		if (add_type(&types, w))
			return EXIT_USAGE;

	ret = EXIT_USAGE;
	if (sysfs_versions(&running) ||
	    image_read(argv[optind], &image, NULL) ||
	    negotiate(&n, &running, "running", &image, argv[optind], types.v,
		      types.n, all)) {
		error_exit(EXIT_USAGE);
		goto out;
	}
	o = out_stdout();
	report_check(&o, &n);
	ret = n.compatible ? EXIT_OK : EXIT_FAIL;
	negotiation_free(&n);
out:
	table_free(&running);
	table_free(&image);
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
		if (image_read(img[i].path, &img[i].table, &img[i].info))
			goto err;
	}
	for (i = 0; i < count; i++)
		for (k = 0; k < count; k++, done++)
			if (negotiate(&pairs[done], &img[i].table, img[i].name,
				      &img[k].table, img[k].name, types.v,
				      types.n, !types.n))
				goto err;
	o = out_stdout();
	report_matrix(&o, img, count, pairs);
	ret = EXIT_OK;
	goto out;
err:
	error_exit(ret);
out:
	for (i = 0; i < done; i++)
		negotiation_free(&pairs[i]);
	for (i = 0; img && i < count; i++)
		table_free(&img[i].table);
	free(pairs);
	free(img);
	return ret;
}

int cmd_incoming(int argc, char **argv)
{
	struct incoming in;
	struct out o;
	int ret;

	ret = common_options_only(argc, argv, "incoming");
	if (ret >= 0)
		return ret;
	if (argc != optind)
		return usage_error("incoming: no arguments");
	if (sysfs_incoming(&in)) {
		incoming_free(&in);
		return error_exit(EXIT_USAGE);
	}
	o = out_stdout();
	report_incoming(&o, &in);
	incoming_free(&in);
	return EXIT_OK;
}

/* An update without a daemon: nothing is held, only core formats go. */
static int update_here(const struct update_args *a)
{
	struct out o = out_stdout();
	struct plan p;
	int luo = -1, ret;

	if (update_plan(&p, a, NULL, 0)) {
		update_free(&p);
		return error_exit(EXIT_USAGE);
	}
	if (p.state == PLAN_READY && !a->dry_run)
		update_apply(&p, &luo);
	report_plan(&o, &p);
	fflush(stdout);
	if (p.state == PLAN_LOADED) {
		/* Returns only if the reboot fails; then as in the daemon. */
		update_reboot(&p, luo);
		report_plan_state(&o, &p);
		ret = error_exit(EXIT_FAIL);
	} else {
		ret = p.state == PLAN_READY ? EXIT_OK : EXIT_FAIL;
		if (p.state == PLAN_FAILED)
			fprintf(stderr, "luod: error: %s\n", p.why);
	}
	update_free(&p);
	if (luo >= 0)
		close(luo);
	return ret;
}

int cmd_update(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "policy", required_argument, NULL, 'P' },
		{ "dry-run", no_argument, NULL, 'n' },
		COMMON_LONGOPTS
	};
	const char *initrd = NULL, *policy_file = NULL;
	struct update_args a = { .image_fd = -1, .initrd_fd = -1 };
	struct policy policy = { 0 };
	char *policy_text = NULL;
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "i:c:P:n",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			initrd = optarg;
			break;
		case 'c':
			a.cmdline = optarg;
			break;
		case 'P':
			policy_file = optarg;
			break;
		case 'n':
			a.dry_run = true;
			break;
		default:
			ret = common_option(c, argv, "update");
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind != 1)
		return usage_error("update: give one IMAGE");
	a.image = argv[optind];

	ret = EXIT_USAGE;
	if (policy_file && (read_file(policy_file, &policy_text, NULL) ||
			    policy_parse(&policy, policy_text, policy_file)))
		goto err;
	a.policy = &policy;
	a.image_fd = open(a.image, O_RDONLY | O_CLOEXEC);
	if (a.image_fd < 0) {
		fail_errno(errno, "%s", a.image);
		goto err;
	}
	if (initrd) {
		a.initrd_fd = open(initrd, O_RDONLY | O_CLOEXEC);
		if (a.initrd_fd < 0) {
			fail_errno(errno, "%s", initrd);
			goto err;
		}
	}

	ret = client_update(&a, policy_text);
	if (ret == NO_DAEMON) {
		if (!opts.json)
			fprintf(stderr, "luod: no daemon at %s: no files are preserved\n",
				proto_socket_path());
		ret = update_here(&a);
	}
	goto out;
err:
	error_exit(ret);
out:
	if (a.image_fd >= 0)
		close(a.image_fd);
	if (a.initrd_fd >= 0)
		close(a.initrd_fd);
	policy_free(&policy);
	free(policy_text);
	return ret;
}
