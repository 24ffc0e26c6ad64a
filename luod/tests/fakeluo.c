// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for luod's tests: a fake /dev/liveupdate, a fake
 * kexec_file_load(2) and a fake kexec reboot, so the daemon's whole update
 * flow runs without the kernel (the way kmod's testsuite fakes syscalls).
 *
 * State lives in $FAKELUO_DIR: "log" gets one line per call; at the kexec
 * reboot the contents of every file still preserved in an open session
 * are saved as handover/<session>/<token>, and the process exits. A later
 * process finds them with RETRIEVE_SESSION and RETRIEVE_FD. A file
 * handover/<session>/errno holding a number makes RETRIEVE_SESSION of
 * that session fail with it; $FAKELUO_SET_VERSION_ERRNO and
 * $FAKELUO_PRESERVE_ERRNO make every SET_VERSION or PRESERVE_FD fail.
 *
 * Fds are told apart by their memfd names: "fakeluo-dev", "fakeluo-out:S"
 * (an outgoing session S) and "fakeluo-in:S".
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/liveupdate.h>
#include <linux/reboot.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_PRESERVED	256

static struct {
	char session[64];
	uint64_t token;
	int fd;
} preserved[MAX_PRESERVED];
static int npreserved;

static void logf_(const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", getenv("FAKELUO_DIR"));
	f = fopen(path, "a");
	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static void link_of(int fd, char *buf, size_t len)
{
	char p[64];
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	n = readlink(p, buf, len - 1);
	buf[n < 0 ? 0 : n] = '\0';
}

/* The session name if @fd is a fake fd of @kind, else NULL. */
static const char *fake(int fd, const char *kind, char *buf, size_t len)
{
	size_t n = strlen("/memfd:fakeluo-") + strlen(kind);
	char *sp;

	link_of(fd, buf, len);
	if (strncmp(buf, "/memfd:fakeluo-", 15) || strncmp(buf + 15, kind,
							   strlen(kind)))
		return NULL;
	sp = strstr(buf, " (deleted)");
	if (sp)
		*sp = '\0';
	return buf + n;
}

static int fake_fd(const char *kind, const char *name)
{
	char n[128];

	snprintf(n, sizeof(n), "fakeluo-%s%s", kind, name);
	return memfd_create(n, MFD_CLOEXEC);
}

static int dev_open(const char *path, int flags, mode_t mode,
		    int (*real)(const char *, int, ...))
{
	if (strcmp(path, "/dev/liveupdate"))
		return real(path, flags, mode);
	logf_("open");
	return fake_fd("dev", "");
}

int open(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return dev_open(path, flags, mode, real);
}

int open64(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open64");
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return dev_open(path, flags, mode, real);
}

static int fail(int err)
{
	errno = err;
	return -1;
}

static int handover_path(char *buf, size_t len, const char *session,
			 const char *leaf)
{
	return snprintf(buf, len, "%s/handover/%s%s%s", getenv("FAKELUO_DIR"),
			session, leaf ? "/" : "", leaf ? leaf : "");
}

static int dev_ioctl(unsigned long req, void *arg)
{
	char path[4096];
	struct stat st;
	FILE *f;
	int err;

	if (req == LIVEUPDATE_IOCTL_CREATE_SESSION) {
		struct liveupdate_ioctl_create_session *a = arg;

		logf_("create_session %s", a->name);
		a->fd = fake_fd("out:", (char *)a->name);
		return 0;
	}
	if (req == LIVEUPDATE_IOCTL_RETRIEVE_SESSION) {
		struct liveupdate_ioctl_retrieve_session *a = arg;

		logf_("retrieve_session %s", a->name);
		handover_path(path, sizeof(path), (char *)a->name, NULL);
		if (stat(path, &st))
			return fail(ENOENT);
		handover_path(path, sizeof(path), (char *)a->name, "errno");
		f = fopen(path, "r");
		if (f) {
			err = fscanf(f, "%d", &err) == 1 ? err : EIO;
			fclose(f);
			return fail(err);
		}
		a->fd = fake_fd("in:", (char *)a->name);
		return 0;
	}
	if (req == LIVEUPDATE_IOCTL_SET_VERSION) {
		struct liveupdate_ioctl_set_version *a = arg;

		logf_("set_version %s %u", a->type, a->version);
		if (getenv("FAKELUO_SET_VERSION_ERRNO"))
			return fail(atoi(getenv("FAKELUO_SET_VERSION_ERRNO")));
		return 0;
	}
	return fail(ENOTTY);
}

static int out_ioctl(const char *session, unsigned long req, void *arg)
{
	struct liveupdate_session_preserve_fd *a = arg;
	char link[4096];

	if (req != LIVEUPDATE_SESSION_PRESERVE_FD)
		return fail(ENOTTY);
	link_of(a->fd, link, sizeof(link));
	logf_("preserve %s %llu %s", session, (unsigned long long)a->token,
	      link);
	if (getenv("FAKELUO_PRESERVE_ERRNO"))
		return fail(atoi(getenv("FAKELUO_PRESERVE_ERRNO")));
	if (npreserved == MAX_PRESERVED)
		return fail(ENOMEM);
	snprintf(preserved[npreserved].session, 64, "%s", session);
	preserved[npreserved].token = a->token;
	preserved[npreserved++].fd = dup(a->fd);
	return 0;
}

static int in_ioctl(const char *session, unsigned long req, void *arg)
{
	struct liveupdate_session_retrieve_fd *a = arg;
	static char buf[1 << 16];
	char path[4096], tok[32];
	int in, fd;
	ssize_t n;

	if (req == LIVEUPDATE_SESSION_FINISH) {
		logf_("finish %s", session);
		return 0;
	}
	if (req != LIVEUPDATE_SESSION_RETRIEVE_FD)
		return fail(ENOTTY);

	logf_("retrieve_fd %s %llu", session, (unsigned long long)a->token);
	snprintf(tok, sizeof(tok), "%llu", (unsigned long long)a->token);
	handover_path(path, sizeof(path), session, tok);
	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return fail(ENOENT);
	fd = memfd_create("restored", MFD_CLOEXEC);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	close(in);
	lseek(fd, 0, SEEK_SET);
	a->fd = fd;
	return 0;
}

int ioctl(int fd, unsigned long req, ...)
{
	int (*real)(int, unsigned long, ...) = dlsym(RTLD_NEXT, "ioctl");
	char buf[4096];
	const char *s;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fake(fd, "dev", buf, sizeof(buf)))
		return dev_ioctl(req, arg);
	s = fake(fd, "out:", buf, sizeof(buf));
	if (s)
		return out_ioctl(s, req, arg);
	s = fake(fd, "in:", buf, sizeof(buf));
	if (s)
		return in_ioctl(s, req, arg);
	return real(fd, req, arg);
}

long syscall(long nr, ...)
{
	long (*real)(long, ...) = dlsym(RTLD_NEXT, "syscall");
	long a[6];
	char k[4096], i[4096];
	va_list ap;
	int n;

	va_start(ap, nr);
	for (n = 0; n < 6; n++)
		a[n] = va_arg(ap, long);
	va_end(ap);
	if (nr != SYS_kexec_file_load)
		return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if ((int)a[0] < 0) {
		logf_("kexec_file_load unload");
		return 0;
	}
	link_of((int)a[0], k, sizeof(k));
	if ((int)a[1] >= 0)
		link_of((int)a[1], i, sizeof(i));
	else
		strcpy(i, "none");
	logf_("kexec_file_load %s initrd=%s cmdline=%s flags=%ld", k, i,
	      (const char *)a[3], a[4]);
	return 0;
}

/* Is the outgoing session @name still open? */
static int session_open(const char *name)
{
	char buf[4096];
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	int found = 0;
	const char *s;

	while (d && (e = readdir(d)) && !found) {
		if (e->d_name[0] == '.')
			continue;
		s = fake(atoi(e->d_name), "out:", buf, sizeof(buf));
		found = s && !strcmp(s, name);
	}
	if (d)
		closedir(d);
	return found;
}

int reboot(int cmd)
{
	static char buf[1 << 16];
	char path[4096], tok[32];
	int i, out;
	ssize_t n;
	off_t off;

	if (cmd != LINUX_REBOOT_CMD_KEXEC)
		return fail(EPERM);
	for (i = 0; i < npreserved; i++) {
		if (!session_open(preserved[i].session))
			continue;
		handover_path(path, sizeof(path), "", NULL);
		mkdir(path, 0755);
		handover_path(path, sizeof(path), preserved[i].session, NULL);
		mkdir(path, 0755);
		snprintf(tok, sizeof(tok), "%llu",
			 (unsigned long long)preserved[i].token);
		handover_path(path, sizeof(path), preserved[i].session, tok);
		out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		for (off = 0; (n = pread(preserved[i].fd, buf, sizeof(buf),
					 off)) > 0; off += n)
			if (write(out, buf, (size_t)n) != n)
				break;
		close(out);
		logf_("handed over %s %s", preserved[i].session, tok);
	}
	logf_("reboot");
	_exit(0);
}
