/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thin wrappers of the kernel interfaces luod drives: the ioctls of
 * /dev/liveupdate and of its session fds, kexec_file_load(2) and the kexec
 * reboot. Like libfdt, each returns a negative errno on failure, and
 * luo_strerror() explains it with the rows of the UAPI errno table.
 */
#ifndef LUOD_KERNEL_H
#define LUOD_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#define LUO_DEVICE	"/dev/liveupdate"

/* What an errno means for one command (the LUO_* below). */
enum luo_op {
	LUO_OPEN,
	LUO_CREATE_SESSION,
	LUO_RETRIEVE_SESSION,
	LUO_SET_VERSION,
	LUO_PRESERVE_FD,
	LUO_RETRIEVE_FD,
	LUO_FINISH,
	LUO_DISCARD_SESSION,
	LUO_CHECK_NEXT,
	LUO_DECLARE_NEXT,
	LUO_KEXEC_LOAD,
	LUO_REBOOT,
};

int luo_open(void);
int luo_create_session(int luo, const char *name);
int luo_retrieve_session(int luo, const char *name);
int luo_set_version(int luo, const char *type, unsigned int version);
int luo_preserve_fd(int session, int fd, uint64_t token);
int luo_retrieve_fd(int session, uint64_t token);
int luo_finish(int session);
/* Give up the incoming session @name (not retrieved). */
int luo_discard_session(int luo, const char *name);
/*
 * The kernel's own verdict on the loaded kernel, for the outgoing
 * session @name ("" for all): 0 and *@result 0 or EPROTONOSUPPORT, with
 * @reason (@len bytes) saying why; or -errno.
 */
int luo_check_next(int luo, const char *name, int *result, char *reason,
		   size_t len);
/*
 * Declare that the loaded kernel reads the @count formats @entries
 * (section entries of @entry_size bytes) through its module @provider.
 */
int luo_declare_next(int luo, const char *provider, const void *entries,
		     unsigned int count, unsigned int entry_size);

/* Load @kernel_fd (a bzImage) for the kexec reboot; @initrd_fd may be -1. */
int kexec_load(int kernel_fd, int initrd_fd, const char *cmdline);
int kexec_unload(void);
/* Reboot into the loaded kernel; returns only on failure. */
int kexec_reboot(void);

/* "EBUSY: files of the type are preserved in an outgoing session". */
const char *luo_strerror(enum luo_op op, int err);

#endif
