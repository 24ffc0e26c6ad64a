/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the two halves of the fake kernel (tests/fakeluo.c): the
 * device and its ioctls in fakeluo.c, kexec, the reboot and the other
 * hooks in fakekexec.c. Everything but the interposed calls (EXPORT) is
 * hidden in the .so, so nothing here can shadow a function of luod.
 */
#ifndef LUOD_TESTS_FAKELUO_H
#define LUOD_TESTS_FAKELUO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "../compiler.h"

#define EXPORT	__attribute__((visibility("default")))
#define MAX_PRESERVED	256

/* The files preserved in outgoing sessions, open or not. */
struct preserved_file {
	char session[64];
	struct stat sst;	/* the session fd's file */
	struct stat fst;	/* the preserved file */
	char type[48];
	uint64_t token;
	int fd;
};

extern struct preserved_file preserved[MAX_PRESERVED];
/* A kernel is loaded with kexec_file_load (fakekexec.c). */
extern bool fake_loaded;
extern int npreserved;

/* One line of $FAKELUO_DIR/log. */
void fake_log(const char *fmt, ...) __printf(1, 2);
/* errno = @err; -1. */
int fake_fail(int err);
/* Log @what, with ": ENAME" if @err, and return 0 or -1 with errno. */
int fake_result(int err, const char *what);
/* An error asked for in environment variable @name, else 0. */
int fake_forced(const char *name);
/* The /proc/self/fd link of @fd, without " (deleted)". */
void fake_link_of(int fd, char *buf, size_t len);
/* Is an fd of the outgoing session with file @st still open? */
bool fake_session_open(const struct stat *st);
/* SET_VERSION's errno (0 if done), in fakeversions.c. */
int fake_set_version(const char *type, unsigned int version);
/*
 * The format a file of @type is preserved in (with "+<flb>" for each FLB
 * it takes) into @compat, or PRESERVE_FD's errno.
 */
int fake_preserve_format(const char *type, char *compat, size_t len);
struct liveupdate_ioctl_check_next;
struct liveupdate_ioctl_declare_next;
/* CHECK_NEXT and DECLARE_NEXT, in fakekexec.c. */
int fake_check_next(struct liveupdate_ioctl_check_next *a);
int fake_declare_next(struct liveupdate_ioctl_declare_next *a);
/* An incoming session neither finished nor discarded, or NULL. */
const char *fake_unfinished(void);
/* $FAKELUO_DIR/handover/<session>[/<leaf>] into @buf. */
int fake_handover_path(char *buf, size_t len, const char *session,
		       const char *leaf);

#endif
