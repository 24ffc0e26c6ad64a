// SPDX-License-Identifier: GPL-2.0
/*
 * "luod discard SESSION": give up an incoming session nobody will take
 * back (one the kernel refused, say), so that the next live update may
 * go: the kexec reboot fails with EBUSY while such a session is there.
 * Through the daemon when one listens (it holds /dev/liveupdate while
 * incoming sessions are open), here otherwise.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "kernel.h"
#include "manifest.h"
#include "rpc.h"

static int discard_here(const char *session)
{
	int luo = luo_open(), ret;

	if (luo < 0) {
		fail("%s: %s", LUO_DEVICE, luo_strerror(LUO_OPEN, luo));
		return error_exit(EXIT_FAIL);
	}
	ret = luo_discard_session(luo, session);
	close(luo);
	if (ret) {
		fail("discard %s: %s", session,
		     luo_strerror(LUO_DISCARD_SESSION, ret));
		return error_exit(EXIT_FAIL);
	}
	return EXIT_OK;
}

int cmd_discard(int argc, char **argv)
{
	struct out o;
	int ret = common_options_only(argc, argv, "discard");

	if (ret >= 0)
		return ret;
	if (argc - optind != 1)
		return usage_error("discard: give one SESSION");
	if (!session_name_ok(argv[optind]))
		return usage_error("discard: bad session name");
	ret = rpc_discard(argv[optind]);
	if (ret == NO_DAEMON)
		ret = discard_here(argv[optind]);
	if (ret == EXIT_OK) {
		o = cli_out();
		report_discarded(&o, argv[optind]);
	}
	return ret;
}
