// SPDX-License-Identifier: GPL-2.0
/*
 * Copy a file into a memfd with pread() and seal it: F_SEAL_SHRINK and
 * F_SEAL_GROW (no SIGBUS for a mapping of it, no surprise at the end),
 * F_SEAL_WRITE (the contents are final) and F_SEAL_SEAL. The memfd is
 * then reopened read-only through /proc/self/fd, because
 * kexec_file_load() refuses a file that anybody has open for writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "snapshot.h"

#define SEALS	(F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
#define CHUNK	(1 << 20)

/* Copy all of @in to @out; the number of bytes, or -1. */
static long long copy(int in, int out, const char *name)
{
	char *buf = malloc(CHUNK);
	long long off = 0;
	ssize_t n;

	if (!buf)
		return fail("out of memory");
	for (;;) {
		n = pread(in, buf, CHUNK, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (off + n > (long long)SNAPSHOT_MAX) {
			free(buf);
			return fail("%s: larger than %lu MiB", name,
				    SNAPSHOT_MAX >> 20);
		}
		if (write(out, buf, (size_t)n) != n) {
			free(buf);
			return fail_errno(errno, "copying %s", name);
		}
		off += n;
	}
	free(buf);
	if (n < 0)
		return fail_errno(errno, "%s", name);
	return off;
}

int snapshot(int fd, const char *name)
{
	char path[64];
	struct stat st;
	long long size;
	int mfd, ro;

	if (fstat(fd, &st))
		return fail_errno(errno, "%s", name);
	if (!S_ISREG(st.st_mode))
		return fail("%s: not a regular file", name);
	mfd = memfd_create("luod-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		return fail_errno(errno, "memfd_create");
	size = copy(fd, mfd, name);
	if (size < 0)
		goto err;
	if (!size) {
		fail("%s: empty file", name);
		goto err;
	}
	if (fcntl(mfd, F_ADD_SEALS, SEALS | F_SEAL_SEAL)) {
		fail_errno(errno, "%s: sealing the copy", name);
		goto err;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0) {
		fail_errno(errno, "%s: reopening the copy read-only", name);
		goto err;
	}
	close(mfd);
	return ro;
err:
	close(mfd);
	return -1;
}

bool snapshot_sealed(int fd)
{
	int seals = fcntl(fd, F_GET_SEALS);

	return seals >= 0 && (seals & SEALS) == SEALS;
}
