#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command tests of luod, no kernel needed, in TAP: synthetic vmlinux and
# bzImage files made here, deliberately broken images, fake sysfs trees,
# the JSON schemas, the daemon's whole update flow against a fake
# /dev/liveupdate (tests/fakeluo.c, preloaded), and other users.
#
# Environment: LUOD, MKIMAGE, RAWCLIENT, FAKELUO (set by "make check"),
# and optionally LUOD_TEST_IMAGES=DIR with DIR/<variant>/vmlinux and
# DIR/<variant>/arch/x86/boot/bzImage of real kernels.
#
# The areas run in this order, each using what the ones before made.

D=$(dirname "$0")
. "$D/lib.sh"
. "$D/images.sh"
. "$D/running.sh"
. "$D/usage.sh"
. "$D/daemon.sh"
. "$D/update.sh"
. "$D/modules.sh"
. "$D/access.sh"
. "$D/real.sh"
. "$D/layout.sh"
finish
