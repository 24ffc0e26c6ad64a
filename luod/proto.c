// SPDX-License-Identifier: GPL-2.0
/*
 * Messages of the daemon protocol. A message is a sequence of
 * NUL-terminated fields: the verb ("preserve", ..., or "ok"/"error" in a
 * reply), then "key=value" fields. SOCK_SEQPACKET keeps message
 * boundaries, and descriptors ride along as SCM_RIGHTS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "proto.h"

void msg_init(struct msg *m, const char *verb)
{
	m->len = 0;
	m->nfds = 0;
	m->fds_lost = false;
	msg_add(m, verb, NULL);
}

int msg_add(struct msg *m, const char *key, const char *value)
{
	int n;

	n = snprintf(m->buf + m->len, sizeof(m->buf) - m->len, "%s%s%s", key,
		     value ? "=" : "", value ? value : "");
	if (n < 0 || (size_t)n >= sizeof(m->buf) - m->len)
		return fail("message too long");
	m->len += (size_t)n + 1;
	return 0;
}

int msg_addf(struct msg *m, const char *key, const char *fmt, ...)
{
	char value[PROTO_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	return msg_add(m, key, value);
}

int msg_add_fd(struct msg *m, int fd)
{
	if (m->nfds == PROTO_FDS_MAX)
		return fail("too many descriptors in one message");
	m->fds[m->nfds++] = fd;
	return 0;
}

int msg_send(int sock, const struct msg *m)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * PROTO_FDS_MAX)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)m->buf, m->len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t r;

	if (m->nfds) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * m->nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * m->nfds);
		memcpy(CMSG_DATA(c), m->fds, sizeof(int) * m->nfds);
	}
	do
		r = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return fail_errno(errno, "send");
	return 0;
}

int msg_recv(int sock, struct msg *m)
{
	/* Room for more fds than allowed: so that too many is told apart. */
	union {
		char buf[CMSG_SPACE(sizeof(int) * PROTO_FDS_MAX * 2)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { m->buf, sizeof(m->buf) };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	size_t total = 0;
	ssize_t r;

	m->len = 0;
	m->nfds = 0;
	m->fds_lost = false;
	do
		r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return fail_errno(errno, "receive");
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		size_t i, n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++, total++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (m->nfds < PROTO_FDS_MAX)
				m->fds[m->nfds++] = fd;
			else
				close(fd);
		}
	}
	if (!r && !m->nfds)
		return 0;
	m->len = (size_t)r;
	if (mh.msg_flags & MSG_TRUNC)
		fail("malformed message: longer than %d bytes", PROTO_MSG_MAX);
	else if (total > PROTO_FDS_MAX)
		fail("malformed message: more than %d descriptors",
		     PROTO_FDS_MAX);
	else if (mh.msg_flags & MSG_CTRUNC)
		/* The kernel could not install them: no fd left here. */
		m->fds_lost = true;
	else if (!m->len || m->buf[m->len - 1] != '\0')
		fail("malformed message: not NUL-terminated fields");
	else
		return 1;
	if (m->fds_lost)
		fail("the descriptors sent were lost: no free file descriptor to receive them (EMFILE)");
	msg_close_fds(m);
	return -1;
}

void msg_close_fds(struct msg *m)
{
	size_t i;

	for (i = 0; i < m->nfds; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	m->nfds = 0;
}

int msg_take_fd(struct msg *m, size_t i)
{
	int fd;

	if (i >= m->nfds)
		return -1;
	fd = m->fds[i];
	m->fds[i] = -1;
	return fd;
}

const char *msg_verb(const struct msg *m)
{
	return m->buf;
}

/* The field after @f, NULL at the end. */
static const char *next_field(const struct msg *m, const char *f)
{
	f += strlen(f) + 1;
	return f < m->buf + m->len ? f : NULL;
}

const char *msg_get(const struct msg *m, const char *key)
{
	size_t n = strlen(key);
	const char *f;

	for (f = next_field(m, m->buf); f; f = next_field(m, f))
		if (!strncmp(f, key, n) && f[n] == '=')
			return f + n + 1;
	return NULL;
}

bool msg_flag(const struct msg *m, const char *key)
{
	const char *v = msg_get(m, key);

	return v && !strcmp(v, "1");
}

static bool listed(const char *const *keys, const char *f, size_t n)
{
	for (; keys && *keys; keys++)
		if (strlen(*keys) == n && !strncmp(f, *keys, n))
			return true;
	return false;
}

int msg_check(const struct msg *m, const char *const *keys,
	      const char *const *flags)
{
	const char *f, *g;

	for (f = next_field(m, m->buf); f; f = next_field(m, f)) {
		size_t n = strcspn(f, "=");
		const char *v = f + n + 1;

		if (!f[n])
			return fail("field \"%s\" is not key=value", f);
		if (!listed(keys, f, n))
			return fail("unknown field \"%.*s\"", (int)n, f);
		for (g = next_field(m, m->buf); g != f; g = next_field(m, g))
			if (!strncmp(g, f, n + 1))
				return fail("field \"%.*s\" given twice",
					    (int)n, f);
		if (listed(flags, f, n) && strcmp(v, "0") && strcmp(v, "1"))
			return fail("field \"%.*s\" takes 0 or 1, not \"%s\"",
				    (int)n, f, v);
	}
	return 0;
}

static int address(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path))
		return -ENAMETOOLONG;
	strcpy(a->sun_path, path);
	return 0;
}

int proto_connect(const char *path)
{
	struct sockaddr_un a;
	int fd, r;

	r = address(&a, path);
	if (r)
		return r;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int proto_listen(const char *path, gid_t group)
{
	struct sockaddr_un a;
	struct stat st;
	mode_t mask;
	int fd, r;

	if (address(&a, path))
		return fail("%s: socket path too long", path);
	fd = proto_connect(path);
	if (fd >= 0) {
		close(fd);
		return fail("%s: a daemon is already listening", path);
	}
	/* A socket nobody listens on is left over: replace it. */
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode))
			return fail("%s exists and is not a socket", path);
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno(errno, "socket");
	/* Root only at first; then the group, if any, may connect too. */
	mask = umask(0077);
	r = bind(fd, (struct sockaddr *)&a, sizeof(a));
	umask(mask);
	if (!r && group != (gid_t)-1)
		r = chown(path, (uid_t)-1, group) || chmod(path, 0660);
	if (r || listen(fd, 16)) {
		r = errno;
		close(fd);
		return fail_errno(r, "%s", path);
	}
	return fd;
}
