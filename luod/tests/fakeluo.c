// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for luod's tests: a fake /dev/liveupdate, a fake
 * kexec_file_load(2) and a fake kexec reboot, so the daemon's whole update
 * flow runs without the kernel (the way kmod's testsuite fakes syscalls).
 * The device and its ioctls are here; kexec_file_load, the reboot and the
 * other hooks are in fakekexec.c.
 *
 * State lives in $FAKELUO_DIR: "log" gets one line per call, with the
 * errno name when it fails; at the kexec reboot the contents of every
 * file still preserved in an open session are saved as
 * handover/<session>/<token> (the previous boot's are gone), and the
 * process exits. A later process finds them with RETRIEVE_SESSION and
 * RETRIEVE_FD. A file handover/<session>/errno holding a number makes
 * RETRIEVE_SESSION of that session fail with it (EAGAIN included).
 * DISCARD_SESSION leaves handover/<session>/discarded; sessions retrieved
 * and finished are remembered by the process only.
 *
 * Like the kernel, and so that luod's ordering mistakes show:
 * - SET_VERSION and the formats: see fakeversions.c;
 * - PRESERVE_FD logs the format the file would be written in (and the
 *   FLBs it takes); refuses an O_PATH fd (EBADF), a file of no type the
 *   kernel has (ENOENT; memfds are "vlu-memfd", other files "vlu-test"),
 *   a token used in the session (EEXIST) and a file preserved already
 *   (EBUSY);
 * - DISCARD_SESSION refuses a session retrieved (EBUSY), or not there
 *   (ENOENT); the kexec reboot fails with EBUSY while an incoming session
 *   is neither finished (FINISH, or closed after RETRIEVE) nor discarded;
 * - kexec_file_load refuses a file open for writing (ETXTBSY), and logs
 *   whether it is sealed and its size.
 *
 * CHECK_NEXT and DECLARE_NEXT are logged (ENODATA while no kernel is
 * loaded); $FAKELUO_CHECK_NEXT=REASON makes the kernel's verdict a
 * refusal with that reason.
 *
 * On demand: $FAKELUO_SET_VERSION_ERRNO, $FAKELUO_PRESERVE_ERRNO,
 * $FAKELUO_KEXEC_ERRNO, $FAKELUO_DECLARE_ERRNO and $FAKELUO_REBOOT_ERRNO
 * make those calls fail;
 * $FAKELUO_OVERWRITE=SRC:DST copies SRC over DST when /dev/liveupdate is
 * opened (after the negotiation); $FAKELUO_TRUNCATE_MAPPED=FILE truncates
 * FILE, or a memfd, right after it is mmap()ed (a client racing the
 * parser; nothing else, such as the libraries a crash report reads);
 * $FAKELUO_HOLD_MAPPED=FILE holds the mmap() of luod's image copy until
 * FILE exists (a parse that takes long: the daemon must serve meanwhile).
 * accept4(2) failures are logged ("accept4: EMFILE"), to count them.
 *
 * Fds are told apart by their memfd names: "fakeluo-dev", "fakeluo-out:S"
 * (an outgoing session S) and "fakeluo-in:S".
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/liveupdate.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fakeluo.h"

struct preserved_file preserved[MAX_PRESERVED];
int npreserved;

void fake_log(const char *fmt, ...)
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

int fake_fail(int err)
{
	errno = err;
	return -1;
}

/* Log @what, with ": ENAME" if @err, and return 0 or -1 with errno. */
int fake_result(int err, const char *what)
{
	if (!err) {
		fake_log("%s", what);
		return 0;
	}
	fake_log("%s: %s", what, strerrorname_np(err));
	return fake_fail(err);
}

/* An error asked for in environment variable @name, else 0. */
int fake_forced(const char *name)
{
	const char *v = getenv(name);

	return v ? atoi(v) : 0;
}

/* The /proc/self/fd link of @fd, without " (deleted)". */
void fake_link_of(int fd, char *buf, size_t len)
{
	char p[64], *d;
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	n = readlink(p, buf, len - 1);
	buf[n < 0 ? 0 : n] = '\0';
	d = strstr(buf, " (deleted)");
	if (d)
		*d = '\0';
}

/* The session name if @fd is a fake fd of @kind, else NULL. */
static const char *fake(int fd, const char *kind, char *buf, size_t len)
{
	size_t n = strlen("/memfd:fakeluo-") + strlen(kind);

	fake_link_of(fd, buf, len);
	if (strncmp(buf, "/memfd:fakeluo-", 15) || strncmp(buf + 15, kind,
							   strlen(kind)))
		return NULL;
	return buf + n;
}

static int fake_fd(const char *kind, const char *name)
{
	char n[128];

	snprintf(n, sizeof(n), "fakeluo-%s%s", kind, name);
	return memfd_create(n, MFD_CLOEXEC);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Is an fd of the outgoing session with file @st still open? */
bool fake_session_open(const struct stat *st)
{
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	bool found = false;
	struct stat o;

	while (d && (e = readdir(d)) && !found)
		found = e->d_name[0] != '.' && !fstat(atoi(e->d_name), &o) &&
			same_file(&o, st);
	if (d)
		closedir(d);
	return found;
}

/* Copy the file @src over @dst, in place. */
static void overwrite(const char *spec)
{
	char src[4096], *dst, buf[1 << 16];
	int in, out;
	ssize_t n;

	snprintf(src, sizeof(src), "%s", spec);
	dst = strchr(src, ':');
	if (!dst)
		return;
	*dst++ = '\0';
	in = open(src, O_RDONLY | O_CLOEXEC);
	out = open(dst, O_WRONLY | O_TRUNC | O_CLOEXEC);
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	close(in);
	close(out);
	fake_log("overwrote %s", dst);
}

static int dev_open(const char *path, int flags, mode_t mode,
		    int (*real)(const char *, int, ...))
{
	if (strcmp(path, "/dev/liveupdate"))
		return real(path, flags, mode);
	fake_log("open");
	if (getenv("FAKELUO_OVERWRITE"))
		overwrite(getenv("FAKELUO_OVERWRITE"));
	return fake_fd("dev", "");
}

EXPORT int open(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return dev_open(path, flags, mode, real);
}

EXPORT int open64(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open64");
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return dev_open(path, flags, mode, real);
}

int fake_handover_path(char *buf, size_t len, const char *session,
			 const char *leaf)
{
	return snprintf(buf, len, "%s/handover/%s%s%s", getenv("FAKELUO_DIR"),
			session, leaf ? "/" : "", leaf ? leaf : "");
}

/* Incoming sessions this process retrieved, and those it finished. */
static char taken[MAX_PRESERVED][64], done[MAX_PRESERVED][64];
static int ntaken, ndone;

static bool among(char (*list)[64], int n, const char *name)
{
	while (n--)
		if (!strcmp(list[n], name))
			return true;
	return false;
}

static void remember(char (*list)[64], int *n, const char *name)
{
	if (*n < MAX_PRESERVED && !among(list, *n, name))
		snprintf(list[(*n)++], 64, "%s", name);
}

/* Is the incoming session @name there to retrieve or discard? */
static bool incoming_there(const char *name)
{
	char path[4096];
	struct stat st;

	fake_handover_path(path, sizeof(path), name, NULL);
	if (stat(path, &st) || among(done, ndone, name))
		return false;
	fake_handover_path(path, sizeof(path), name, "discarded");
	return stat(path, &st) != 0;
}

/* Is an fd of the incoming session @name still open? */
static bool incoming_open(const char *name)
{
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	char link[4096], want[128];
	bool found = false;

	snprintf(want, sizeof(want), "/memfd:fakeluo-in:%s", name);
	while (d && (e = readdir(d)) && !found) {
		if (e->d_name[0] == '.')
			continue;
		fake_link_of(atoi(e->d_name), link, sizeof(link));
		found = !strcmp(link, want);
	}
	if (d)
		closedir(d);
	return found;
}

const char *fake_unfinished(void)
{
	static char name[256];
	struct dirent *e;
	char path[4096];
	DIR *d;

	fake_handover_path(path, sizeof(path), "", NULL);
	d = opendir(path);
	name[0] = '\0';
	while (d && (e = readdir(d)) && !name[0]) {
		if (e->d_name[0] == '.' || !incoming_there(e->d_name))
			continue;
		/* Closing a retrieved session finishes it. */
		if (among(taken, ntaken, e->d_name) && !incoming_open(e->d_name))
			continue;
		snprintf(name, sizeof(name), "%s", e->d_name);
	}
	if (d)
		closedir(d);
	return name[0] ? name : NULL;
}

static int discard(const char *name)
{
	char path[4096];
	FILE *f;

	if (!incoming_there(name))
		return ENOENT;
	if (among(taken, ntaken, name))
		return EBUSY;
	fake_handover_path(path, sizeof(path), name, "discarded");
	f = fopen(path, "w");
	if (f)
		fclose(f);
	return 0;
}

static int dev_ioctl(unsigned long req, void *arg)
{
	char path[4096], what[256];
	FILE *f;
	int err;

	if (req == LIVEUPDATE_IOCTL_CREATE_SESSION) {
		struct liveupdate_ioctl_create_session *a = arg;

		fake_log("create_session %s", a->name);
		a->fd = fake_fd("out:", (char *)a->name);
		return 0;
	}
	if (req == LIVEUPDATE_IOCTL_RETRIEVE_SESSION) {
		struct liveupdate_ioctl_retrieve_session *a = arg;

		fake_log("retrieve_session %s", a->name);
		if (!incoming_there((char *)a->name))
			return fake_fail(ENOENT);
		fake_handover_path(path, sizeof(path), (char *)a->name, "errno");
		f = fopen(path, "r");
		if (f) {
			err = fscanf(f, "%d", &err) == 1 ? err : EIO;
			fclose(f);
			return fake_fail(err);
		}
		a->fd = fake_fd("in:", (char *)a->name);
		remember(taken, &ntaken, (char *)a->name);
		return 0;
	}
	if (req == LIVEUPDATE_IOCTL_CHECK_NEXT)
		return fake_check_next(arg);
	if (req == LIVEUPDATE_IOCTL_DECLARE_NEXT)
		return fake_declare_next(arg);
	if (req == LIVEUPDATE_IOCTL_DISCARD_SESSION) {
		struct liveupdate_ioctl_discard_session *a = arg;

		snprintf(what, sizeof(what), "discard_session %s", a->name);
		return fake_result(discard((char *)a->name), what);
	}
	if (req == LIVEUPDATE_IOCTL_SET_VERSION) {
		struct liveupdate_ioctl_set_version *a = arg;

		snprintf(what, sizeof(what), "set_version %s %u", a->type,
			 a->version);
		err = fake_forced("FAKELUO_SET_VERSION_ERRNO");
		return fake_result(err ? err : fake_set_version((char *)a->type,
							   a->version), what);
	}
	return fake_fail(ENOTTY);
}

static int preserve(int session, const char *name,
		    struct liveupdate_session_preserve_fd *a, char *compat)
{
	const char *type;
	struct stat sst, fst;
	char link[4096];
	int i, flags = fcntl(a->fd, F_GETFL);

	if (flags < 0 || (flags & O_PATH) || fstat(a->fd, &fst))
		return EBADF;
	if (fake_forced("FAKELUO_PRESERVE_ERRNO"))
		return fake_forced("FAKELUO_PRESERVE_ERRNO");
	fake_link_of(a->fd, link, sizeof(link));
	type = strncmp(link, "/memfd:", 7) ? "vlu-test" : "vlu-memfd";
	i = fake_preserve_format(type, compat, 160);
	if (i)
		return i;
	fstat(session, &sst);
	for (i = 0; i < npreserved; i++) {
		if (!fake_session_open(&preserved[i].sst))
			continue;
		if (same_file(&preserved[i].sst, &sst) &&
		    preserved[i].token == a->token)
			return EEXIST;
		if (same_file(&preserved[i].fst, &fst))
			return EBUSY;
	}
	if (npreserved == MAX_PRESERVED)
		return ENOMEM;
	snprintf(preserved[npreserved].session, 64, "%s", name);
	snprintf(preserved[npreserved].type, 48, "%s", type);
	preserved[npreserved].sst = sst;
	preserved[npreserved].fst = fst;
	preserved[npreserved].token = a->token;
	preserved[npreserved++].fd = dup(a->fd);
	return 0;
}

static int out_ioctl(int fd, const char *session, unsigned long req,
		     void *arg)
{
	struct liveupdate_session_preserve_fd *a = arg;
	char link[4096], what[4400], compat[160] = "";
	int err;

	if (req != LIVEUPDATE_SESSION_PRESERVE_FD)
		return fake_fail(ENOTTY);
	fake_link_of(a->fd, link, sizeof(link));
	err = preserve(fd, session, a, compat);
	snprintf(what, sizeof(what), "preserve %s %llu %s%s%s", session,
		 (unsigned long long)a->token, link, err ? "" : " ",
		 err ? "" : compat);
	return fake_result(err, what);
}

static int in_ioctl(const char *session, unsigned long req, void *arg)
{
	struct liveupdate_session_retrieve_fd *a = arg;
	static char buf[1 << 16];
	char path[4096], tok[32];
	int in, fd;
	ssize_t n;

	if (req == LIVEUPDATE_SESSION_FINISH) {
		fake_log("finish %s", session);
		remember(done, &ndone, session);
		return 0;
	}
	if (req != LIVEUPDATE_SESSION_RETRIEVE_FD)
		return fake_fail(ENOTTY);

	fake_log("retrieve_fd %s %llu", session, (unsigned long long)a->token);
	snprintf(tok, sizeof(tok), "%llu", (unsigned long long)a->token);
	fake_handover_path(path, sizeof(path), session, tok);
	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return fake_fail(ENOENT);
	fd = memfd_create("restored", MFD_CLOEXEC);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	close(in);
	lseek(fd, 0, SEEK_SET);
	a->fd = fd;
	return 0;
}

EXPORT int ioctl(int fd, unsigned long req, ...)
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
		return out_ioctl(fd, s, req, arg);
	s = fake(fd, "in:", buf, sizeof(buf));
	if (s)
		return in_ioctl(s, req, arg);
	return real(fd, req, arg);
}
