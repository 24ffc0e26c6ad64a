// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel's other half (see fakeluo.c): kexec_file_load(2) and
 * the kexec reboot, which hands the preserved files over; mmap() hooks
 * that race or hold up luod's parser; accept4() failures, logged.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/liveupdate.h>
#include <linux/reboot.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fakeluo.h"

static void hold(const char *path)
{
	struct stat st;
	int i;

	fake_log("holding mmap");
	for (i = 0; i < 3000 && stat(path, &st); i++)
		usleep(10000);
	fake_log("released mmap");
}

EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *(*real)(void *, size_t, int, int, int, off_t) =
		dlsym(RTLD_NEXT, "mmap");
	void *p = real(addr, len, prot, flags, fd, off);
	const char *victim = getenv("FAKELUO_TRUNCATE_MAPPED");
	const char *held = getenv("FAKELUO_HOLD_MAPPED");
	char path[64], what[4200], *link = what + 9;
	int w;

	if (p != MAP_FAILED && fd >= 0 && held) {
		fake_link_of(fd, link, sizeof(what) - 9);
		if (!strcmp(link, "/memfd:luod-image"))
			hold(held);
	}
	if (p == MAP_FAILED || fd < 0 || !victim)
		return p;
	strcpy(what, "truncate ");
	fake_link_of(fd, link, sizeof(what) - 9);
	if (strcmp(link, victim) && strncmp(link, "/memfd:", 7))
		return p;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	w = open(path, O_WRONLY | O_CLOEXEC);
	fake_result(w < 0 ? errno : ftruncate(w, 0) ? errno : 0, what);
	if (w >= 0)
		close(w);
	return p;
}

EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	int (*real)(int, struct sockaddr *, socklen_t *, int) =
		dlsym(RTLD_NEXT, "accept4");
	static int log = -1;
	char path[4096];
	int r, err;

	/* Opened once, while descriptors are still free. */
	if (log < 0) {
		snprintf(path, sizeof(path), "%s/log", getenv("FAKELUO_DIR"));
		log = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	}
	r = real(fd, addr, len, flags);
	err = errno;
	if (r < 0 && log >= 0)
		dprintf(log, "accept4: %s\n", strerrorname_np(err));
	errno = err;
	return r;
}

bool fake_loaded;

/* The kernel's verdict on the loaded kernel: $FAKELUO_CHECK_NEXT refuses. */
int fake_check_next(struct liveupdate_ioctl_check_next *a)
{
	const char *why = getenv("FAKELUO_CHECK_NEXT");

	if (!fake_loaded)
		return fake_result(ENODATA, "check_next");
	a->result = why ? EPROTONOSUPPORT : 0;
	snprintf((char *)a->reason, sizeof(a->reason), "%s", why ?: "");
	return fake_result(0, why ? "check_next: refused" : "check_next: ok");
}

/* Logs the provider and the names of the entries declared. */
int fake_declare_next(struct liveupdate_ioctl_declare_next *a)
{
	const unsigned char *e = (const unsigned char *)(uintptr_t)a->entries;
	char what[4096];
	unsigned int i;
	size_t off;

	off = (size_t)snprintf(what, sizeof(what), "declare_next %s",
			       a->provider);
	for (i = 0; i < a->count && off < sizeof(what); i++)
		off += (size_t)snprintf(what + off, sizeof(what) - off, " %.48s",
					e + (size_t)i * a->entry_size);
	return fake_result(fake_loaded ? fake_forced("FAKELUO_DECLARE_ERRNO") :
			   ENODATA, what);
}

static int kexec(int kernel, int initrd, const char *cmdline, long flags)
{
	char k[4096], i[4096], what[9000];
	int seals = fcntl(kernel, F_GET_SEALS), err;
	struct stat st;

	fake_link_of(kernel, k, sizeof(k));
	if (initrd >= 0)
		fake_link_of(initrd, i, sizeof(i));
	else
		strcpy(i, "none");
	fstat(kernel, &st);
	snprintf(what, sizeof(what),
		 "kexec_file_load %s %s %lld bytes initrd=%s cmdline=%s flags=%ld",
		 k, seals >= 0 && (seals & 14) == 14 ? "sealed" : "unsealed",
		 (long long)st.st_size, i, cmdline, flags);
	err = fake_forced("FAKELUO_KEXEC_ERRNO");
	if (!err && (fcntl(kernel, F_GETFL) & O_ACCMODE) != O_RDONLY)
		err = ETXTBSY;
	fake_loaded = !err;
	return fake_result(err, what);
}

EXPORT long syscall(long nr, ...)
{
	long (*real)(long, ...) = dlsym(RTLD_NEXT, "syscall");
	long a[6];
	va_list ap;
	int n;

	va_start(ap, nr);
	for (n = 0; n < 6; n++)
		a[n] = va_arg(ap, long);
	va_end(ap);
	if (nr != SYS_kexec_file_load)
		return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if ((int)a[0] < 0) {
		fake_loaded = false;
		return fake_result(0, "kexec_file_load unload");
	}
	return kexec((int)a[0], (int)a[1], (const char *)a[3], a[4]);
}

/* Remove the directory tree @path (two levels: sessions, files). */
static void clear(const char *path)
{
	char sub[4096], leaf[4200];
	struct dirent *e, *f;
	DIR *d = opendir(path), *s;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		s = opendir(sub);
		while (s && (f = readdir(s))) {
			snprintf(leaf, sizeof(leaf), "%s/%s", sub, f->d_name);
			if (f->d_name[0] != '.')
				unlink(leaf);
		}
		if (s)
			closedir(s);
		rmdir(sub);
	}
	if (d)
		closedir(d);
}

EXPORT int reboot(int cmd)
{
	static char buf[1 << 16];
	char path[4096], tok[32];
	int i, out;
	ssize_t n;
	off_t off;

	if (cmd != LINUX_REBOOT_CMD_KEXEC)
		return fake_fail(EPERM);
	if (fake_forced("FAKELUO_REBOOT_ERRNO"))
		return fake_result(fake_forced("FAKELUO_REBOOT_ERRNO"), "reboot");
	if (fake_unfinished()) {
		fake_log("incoming session %s is neither finished nor discarded",
			 fake_unfinished());
		return fake_result(EBUSY, "reboot");
	}
	/* What this boot was handed is gone with it. */
	fake_handover_path(path, sizeof(path), "", NULL);
	clear(path);
	for (i = 0; i < npreserved; i++) {
		if (!fake_session_open(&preserved[i].sst))
			continue;
		fake_handover_path(path, sizeof(path), "", NULL);
		mkdir(path, 0755);
		fake_handover_path(path, sizeof(path), preserved[i].session, NULL);
		mkdir(path, 0755);
		snprintf(tok, sizeof(tok), "%llu",
			 (unsigned long long)preserved[i].token);
		fake_handover_path(path, sizeof(path), preserved[i].session, tok);
		out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		for (off = 0; (n = pread(preserved[i].fd, buf, sizeof(buf),
					 off)) > 0; off += n)
			if (write(out, buf, (size_t)n) != n)
				break;
		close(out);
		fake_log("handed over %s %s", preserved[i].session, tok);
	}
	fake_log("reboot");
	_exit(0);
}
