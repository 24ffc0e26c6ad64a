// SPDX-License-Identifier: GPL-2.0
/*
 * lu-kexec: the smallest kexec_file_load(2) client, to check that the
 * kernel, not a particular tool, carries the handover.
 *
 *   lu-kexec KERNEL INITRD "COMMAND LINE"    load, then reboot into it
 */
#include <err.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int kfd, ifd;

	if (argc != 4) {
		fprintf(stderr, "usage: lu-kexec KERNEL INITRD CMDLINE\n");
		return 2;
	}
	kfd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (kfd < 0)
		err(1, "%s", argv[1]);
	ifd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (ifd < 0)
		err(1, "%s", argv[2]);
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(argv[3]) + 1,
		    argv[3], 0UL))
		err(1, "kexec_file_load");
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	err(1, "reboot(LINUX_REBOOT_CMD_KEXEC)");
}
