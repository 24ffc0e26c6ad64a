// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "error.h"
#include "io.h"

int read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b = NULL, *nb;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		fail_errno(err, "%s", path);
		return -err;
	}
	do {
		if (!b || cap - n < 2) {
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				r = -1;
				errno = ENOMEM;
				break;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r > 0)
			n += (size_t)r;
	} while (r > 0 || (r < 0 && errno == EINTR));
	err = errno;
	close(fd);
	if (r < 0) {
		free(b);
		fail_errno(err, "%s", path);
		return -err;
	}
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}
