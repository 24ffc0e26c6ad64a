// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel interfaces: /dev/liveupdate (linux/liveupdate.h, built
 * against the header installed from the patched tree), kexec_file_load(2)
 * and reboot(2). The static_asserts pin what luod relies on, so a header
 * that drifts from the ABI breaks the build, not the update.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/liveupdate.h>
#include <linux/reboot.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compiler.h"
#include "kernel.h"

#define OFF(s, m, o) static_assert(offsetof(struct s, m) == (o), #s "." #m)
#define SIZE(s, n) static_assert(sizeof(struct s) == (n), "sizeof " #s)

static_assert(LIVEUPDATE_IOCTL_TYPE == 0xBA, "ioctl type");
static_assert(LIVEUPDATE_IOCTL_CREATE_SESSION == _IO(0xBA, 0x00), "CREATE_SESSION");
static_assert(LIVEUPDATE_IOCTL_RETRIEVE_SESSION == _IO(0xBA, 0x01), "RETRIEVE_SESSION");
static_assert(LIVEUPDATE_IOCTL_SET_VERSION == _IO(0xBA, 0x02), "SET_VERSION");
static_assert(LIVEUPDATE_IOCTL_DISCARD_SESSION == _IO(0xBA, 0x04), "DISCARD_SESSION");
static_assert(LIVEUPDATE_IOCTL_CHECK_NEXT == _IO(0xBA, 0x05), "CHECK_NEXT");
static_assert(LIVEUPDATE_IOCTL_DECLARE_NEXT == _IO(0xBA, 0x06), "DECLARE_NEXT");
static_assert(LIVEUPDATE_SESSION_PRESERVE_FD == _IO(0xBA, 0x40), "PRESERVE_FD");
static_assert(LIVEUPDATE_SESSION_RETRIEVE_FD == _IO(0xBA, 0x41), "RETRIEVE_FD");
static_assert(LIVEUPDATE_SESSION_FINISH == _IO(0xBA, 0x42), "FINISH");
static_assert(LIVEUPDATE_SESSION_NAME_LENGTH == 64, "session name length");
static_assert(LIVEUPDATE_COMPAT_LENGTH == 48, "compatible length");
static_assert(LIVEUPDATE_PROVIDER_LENGTH == 56, "provider length");
static_assert(LIVEUPDATE_REASON_LENGTH == 192, "reason length");
static_assert(LIVEUPDATE_KIND_CORE == 1 && LIVEUPDATE_KIND_FILE == 2 &&
	      LIVEUPDATE_KIND_FLB == 3, "kinds");
static_assert(LIVEUPDATE_CAP_READ == 1 && LIVEUPDATE_CAP_WRITE == 2, "caps");

SIZE(liveupdate_ioctl_create_session, 72);
OFF(liveupdate_ioctl_create_session, size, 0);
OFF(liveupdate_ioctl_create_session, fd, 4);
OFF(liveupdate_ioctl_create_session, name, 8);
SIZE(liveupdate_ioctl_retrieve_session, 72);
OFF(liveupdate_ioctl_retrieve_session, fd, 4);
OFF(liveupdate_ioctl_retrieve_session, name, 8);
SIZE(liveupdate_ioctl_set_version, 64);
OFF(liveupdate_ioctl_set_version, flags, 4);
OFF(liveupdate_ioctl_set_version, type, 8);
OFF(liveupdate_ioctl_set_version, version, 56);
OFF(liveupdate_ioctl_set_version, __reserved, 60);
SIZE(liveupdate_session_preserve_fd, 16);
OFF(liveupdate_session_preserve_fd, fd, 4);
OFF(liveupdate_session_preserve_fd, token, 8);
SIZE(liveupdate_session_retrieve_fd, 16);
OFF(liveupdate_session_retrieve_fd, fd, 4);
OFF(liveupdate_session_retrieve_fd, token, 8);
SIZE(liveupdate_ioctl_discard_session, 72);
OFF(liveupdate_ioctl_discard_session, flags, 4);
OFF(liveupdate_ioctl_discard_session, name, 8);
SIZE(liveupdate_ioctl_check_next, 272);
OFF(liveupdate_ioctl_check_next, flags, 4);
OFF(liveupdate_ioctl_check_next, name, 8);
OFF(liveupdate_ioctl_check_next, result, 72);
OFF(liveupdate_ioctl_check_next, __reserved, 76);
OFF(liveupdate_ioctl_check_next, reason, 80);
SIZE(liveupdate_ioctl_declare_next, 80);
OFF(liveupdate_ioctl_declare_next, flags, 4);
OFF(liveupdate_ioctl_declare_next, provider, 8);
OFF(liveupdate_ioctl_declare_next, count, 64);
OFF(liveupdate_ioctl_declare_next, entry_size, 68);
OFF(liveupdate_ioctl_declare_next, entries, 72);
SIZE(liveupdate_session_finish, 8);
OFF(liveupdate_session_finish, reserved, 4);

static int xioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, cmd, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

/* Copy @name into the @size bytes of @dst, NUL-terminated. */
static int set_name(__u8 *dst, size_t size, const char *name)
{
	if (strlen(name) >= size)
		return -ENAMETOOLONG;
	strcpy((char *)dst, name);
	return 0;
}

int luo_open(void)
{
	int fd = open(LUO_DEVICE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int luo_create_session(int luo, const char *name)
{
	struct liveupdate_ioctl_create_session a = { .size = sizeof(a) };
	int ret = set_name(a.name, sizeof(a.name), name);

	if (!ret)
		ret = xioctl(luo, LIVEUPDATE_IOCTL_CREATE_SESSION, &a);
	return ret < 0 ? ret : a.fd;
}

int luo_retrieve_session(int luo, const char *name)
{
	struct liveupdate_ioctl_retrieve_session a = { .size = sizeof(a) };
	int ret = set_name(a.name, sizeof(a.name), name);

	if (!ret)
		ret = xioctl(luo, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &a);
	return ret < 0 ? ret : a.fd;
}

int luo_set_version(int luo, const char *type, unsigned int version)
{
	struct liveupdate_ioctl_set_version a = {
		.size = sizeof(a),
		.version = version,
	};
	int ret = set_name(a.type, sizeof(a.type), type);

	if (!ret)
		ret = xioctl(luo, LIVEUPDATE_IOCTL_SET_VERSION, &a);
	return ret;
}

int luo_preserve_fd(int session, int fd, uint64_t token)
{
	struct liveupdate_session_preserve_fd a = {
		.size = sizeof(a),
		.fd = fd,
		.token = token,
	};

	return xioctl(session, LIVEUPDATE_SESSION_PRESERVE_FD, &a);
}

int luo_retrieve_fd(int session, uint64_t token)
{
	struct liveupdate_session_retrieve_fd a = {
		.size = sizeof(a),
		.token = token,
	};
	int ret = xioctl(session, LIVEUPDATE_SESSION_RETRIEVE_FD, &a);

	return ret < 0 ? ret : a.fd;
}

int luo_finish(int session)
{
	struct liveupdate_session_finish a = { .size = sizeof(a) };

	return xioctl(session, LIVEUPDATE_SESSION_FINISH, &a);
}

int luo_discard_session(int luo, const char *name)
{
	struct liveupdate_ioctl_discard_session a = { .size = sizeof(a) };
	int ret = set_name(a.name, sizeof(a.name), name);

	return ret ? ret : xioctl(luo, LIVEUPDATE_IOCTL_DISCARD_SESSION, &a);
}

int luo_check_next(int luo, const char *name, int *result, char *reason,
		   size_t len)
{
	struct liveupdate_ioctl_check_next a = { .size = sizeof(a) };
	int ret = set_name(a.name, sizeof(a.name), name);

	if (!ret)
		ret = xioctl(luo, LIVEUPDATE_IOCTL_CHECK_NEXT, &a);
	if (ret)
		return ret;
	a.reason[sizeof(a.reason) - 1] = '\0';
	*result = a.result;
	snprintf(reason, len, "%s", (char *)a.reason);
	return 0;
}

int luo_declare_next(int luo, const char *provider, const void *entries,
		     unsigned int count, unsigned int entry_size)
{
	struct liveupdate_ioctl_declare_next a = {
		.size = sizeof(a),
		.count = count,
		.entry_size = entry_size,
		.entries = (uintptr_t)entries,
	};
	int ret = set_name(a.provider, sizeof(a.provider), provider);

	return ret ? ret : xioctl(luo, LIVEUPDATE_IOCTL_DECLARE_NEXT, &a);
}

int kexec_load(int kernel_fd, int initrd_fd, const char *cmdline)
{
	unsigned long flags = initrd_fd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0;

	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd,
		    strlen(cmdline) + 1, cmdline, flags))
		return -errno;
	return 0;
}

int kexec_unload(void)
{
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, KEXEC_FILE_UNLOAD))
		return -errno;
	return 0;
}

int kexec_reboot(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return -errno;
}

/* The errno table of linux/liveupdate.h, per command. */
static const struct {
	enum luo_op op;
	int err;
	const char *msg;
} errors[] = {
	{ LUO_OPEN, ENOENT, "no " LUO_DEVICE " (a kernel without live update, or liveupdate=off)" },
	{ LUO_OPEN, EBUSY, LUO_DEVICE " is already open (only one opener at a time)" },
	{ LUO_OPEN, EPERM, "CAP_SYS_ADMIN is needed to open " LUO_DEVICE },
	{ LUO_OPEN, EACCES, "no permission to open " LUO_DEVICE },
	{ LUO_CREATE_SESSION, EEXIST, "an outgoing session of that name exists" },
	{ LUO_RETRIEVE_SESSION, ENOENT, "no incoming session of that name" },
	{ LUO_RETRIEVE_SESSION, EINVAL, "the session was already retrieved" },
	{ LUO_RETRIEVE_SESSION, EPROTONOSUPPORT, "the previous kernel wrote the session in a format this kernel cannot read" },
	{ LUO_RETRIEVE_SESSION, EIO, "the session's handed-over record is damaged" },
	{ LUO_RETRIEVE_SESSION, EAGAIN, "not yet: a module that reads the session's files is not loaded; load it and retry" },
	{ LUO_SET_VERSION, ENOENT, "the kernel has no such type" },
	{ LUO_SET_VERSION, EOPNOTSUPP, "the kernel cannot write that version now, or the type is a core format (not selectable)" },
	{ LUO_SET_VERSION, EBUSY, "files of the type (or, for an FLB, files that need it) are already preserved in an outgoing session" },
	{ LUO_PRESERVE_FD, EEXIST, "the token is already used in the session" },
	{ LUO_PRESERVE_FD, ENOENT, "no handler can preserve this kind of file" },
	{ LUO_PRESERVE_FD, EBADF, "not an open file descriptor" },
	{ LUO_PRESERVE_FD, EBUSY, "the file is already preserved in a session" },
	{ LUO_PRESERVE_FD, EOPNOTSUPP, "the file cannot go in the selected format, or its handler needs an FLB type of which no version is selected and writable" },
	{ LUO_RETRIEVE_FD, ENOENT, "no preserved file with that token" },
	{ LUO_FINISH, EBUSY, "a file refuses to be finished yet" },
	{ LUO_DISCARD_SESSION, ENOENT, "no incoming session of that name (or it was finished or discarded)" },
	{ LUO_DISCARD_SESSION, EBUSY, "the session was retrieved: finish it instead" },
	{ LUO_DISCARD_SESSION, EINVAL, "a bad session name" },
	{ LUO_DISCARD_SESSION, EOPNOTSUPP, "the kernel does not support these flags" },
	{ LUO_CHECK_NEXT, ENODATA, "no kernel is loaded with kexec_file_load()" },
	{ LUO_CHECK_NEXT, EBUSY, "a kernel is being loaded" },
	{ LUO_CHECK_NEXT, ENOENT, "no outgoing session of that name" },
	{ LUO_DECLARE_NEXT, ENODATA, "no kernel is loaded with kexec_file_load()" },
	{ LUO_DECLARE_NEXT, EBUSY, "a kernel is being loaded" },
	{ LUO_DECLARE_NEXT, EEXIST, "the loaded kernel's image, or another declared module, lists one of these formats" },
	{ LUO_DECLARE_NEXT, E2BIG, "too many formats declared" },
	{ LUO_DECLARE_NEXT, EINVAL, "a bad module name, entry size or entry" },
	{ LUO_DECLARE_NEXT, EPROTONOSUPPORT, "the loaded kernel's image lists no formats" },
	{ LUO_KEXEC_LOAD, ENOEXEC, "the kernel does not take this image (a bzImage is needed)" },
	{ LUO_KEXEC_LOAD, EPERM, "CAP_SYS_BOOT is needed, or kexec is disabled" },
	{ LUO_KEXEC_LOAD, EKEYREJECTED, "the image's signature was rejected" },
	{ LUO_REBOOT, EINVAL, "no kernel is loaded for the kexec reboot" },
	{ LUO_REBOOT, EPERM, "CAP_SYS_BOOT is needed for the kexec reboot" },
	{ LUO_REBOOT, EBUSY, "an incoming session is neither finished nor discarded: what it holds would be lost; finish it, or discard it (luod discard SESSION)" },
	{ LUO_REBOOT, EOPNOTSUPP, "the loaded image cannot carry the outgoing sessions (loaded with kexec_load(), or KHO is off)" },
	{ LUO_REBOOT, EPROTONOSUPPORT, "the loaded kernel cannot read something the outgoing sessions hold (see /sys/kernel/liveupdate/next/verdict)" },
};

const char *luo_strerror(enum luo_op op, int err)
{
	static char buf[256];
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(errors); i++)
		if (errors[i].op == op && errors[i].err == err) {
			snprintf(buf, sizeof(buf), "%s: %s",
				 strerrorname_np(err), errors[i].msg);
			return buf;
		}
	snprintf(buf, sizeof(buf), "%s: %s",
		 strerrorname_np(err) ? strerrorname_np(err) : "?",
		 strerror(err));
	return buf;
}
