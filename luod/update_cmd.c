// SPDX-License-Identifier: GPL-2.0
/*
 * "luod update": through the daemon when one listens (it holds the
 * files), here otherwise (nothing held: only the core formats go). Both
 * run the one sequence of update.c, update_run().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "error.h"
#include "escape.h"
#include "io.h"
#include "cli.h"
#include "rpc.h"
#include "update.h"
#include "update_cmd.h"

static void local_report(void *ctx, const struct plan *p)
{
	const struct out *o = ctx;

	report_plan(o, p);
	fflush(o->f);
	if (p->state == PLAN_FAILED)
		error_print();
}

static void local_reboot_failed(void *ctx, const struct plan *p, int err)
{
	report_plan_state(ctx, p);
	error_exit(EXIT_FAIL);
}

/* An update without a daemon. */
static int update_here(const struct update_args *a)
{
	struct out o = cli_out();
	const struct update_sink sink = {
		.report = local_report,
		.reboot_failed = local_reboot_failed,
		.ctx = &o,
	};
	struct plan p;
	int luo = -1, ret = -1;

	if (!update_prepare(&p, a))
		ret = update_run(&p, NULL, 0, &luo, &sink);
	if (ret < 0)
		ret = error_exit(EXIT_USAGE);
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
		{ "modules", required_argument, NULL, 'M' },
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
		case 'M':
			a.modules = optarg;
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

	ret = rpc_update(&a, policy_text);
	if (ret == NO_DAEMON) {
		if (!opts.json) {
			fputs("luod: no daemon at ", stderr);
			esc_put(stderr, cli_socket());
			fputs(": no files are preserved\n", stderr);
		}
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
