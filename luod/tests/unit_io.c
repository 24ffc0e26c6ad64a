// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: protocol messages, decompression, image snapshots.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zstd.h>

#include "decompress.h"
#include "proto.h"
#include "snapshot.h"
#include "unit.h"

void test_proto(void)
{
	struct msg *m = malloc(sizeof(*m)), *r = malloc(sizeof(*r));
	static const char *const keys[] = { "session", "token", "json", NULL };
	static const char *const flags[] = { "json", NULL };
	int sv[2], p[2], i;
	char c;

	CHECK(!socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	CHECK(!pipe(p));
	msg_init(m, "preserve");
	msg_add(m, "session", "vm");
	msg_addf(m, "token", "%d", 42);
	msg_add(m, "note", "a=b");
	msg_add_fd(m, p[0]);
	CHECK(!msg_send(sv[0], m));
	CHECK(msg_recv(sv[1], r) == 1);
	CHECK(!strcmp(msg_verb(r), "preserve"));
	CHECK(!strcmp(msg_get(r, "token"), "42"));
	CHECK(!strcmp(msg_get(r, "note"), "a=b"));
	CHECK(!msg_get(r, "sess"));
	CHECK_ERR(msg_check(r, keys, flags), "unknown field \"note\"");
	CHECK(r->nfds == 1);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(read(r->fds[0], &c, 1) == 1 && c == 'x');
	msg_close_fds(r);

	/* Fields: known, once each, booleans 0 or 1. */
	msg_init(m, "status");
	msg_add(m, "json", "1");
	msg_add(m, "session", "vm");
	CHECK(!msg_check(m, keys, flags) && msg_flag(m, "json"));
	msg_add(m, "session", "db");
	CHECK_ERR(msg_check(m, keys, flags), "field \"session\" given twice");
	msg_init(m, "status");
	msg_add(m, "json", "0");
	CHECK(!msg_check(m, keys, flags) && !msg_flag(m, "json"));
	msg_init(m, "status");
	msg_add(m, "json", "yes");
	CHECK_ERR(msg_check(m, keys, flags), "takes 0 or 1, not \"yes\"");
	msg_init(m, "status");
	msg_add(m, "json", NULL);
	CHECK_ERR(msg_check(m, keys, flags), "\"json\" is not key=value");

	/* More descriptors than a message may carry: refused, all closed. */
	msg_init(m, "preserve");
	for (i = 0; i < PROTO_FDS_MAX; i++)
		msg_add_fd(m, p[0]);
	CHECK(!msg_send(sv[0], m));
	CHECK(msg_recv(sv[1], r) == 1 && r->nfds == PROTO_FDS_MAX);
	msg_close_fds(r);
	{
		int fds[PROTO_FDS_MAX + 1];
		union {
			char buf[CMSG_SPACE(sizeof(fds))];
			struct cmsghdr align;
		} u = { 0 };
		struct iovec iov = { "x", 2 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = u.buf,
				     .msg_controllen = sizeof(u.buf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

		for (i = 0; i <= PROTO_FDS_MAX; i++)
			fds[i] = p[0];
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(cm), fds, sizeof(fds));
		CHECK(sendmsg(sv[0], &mh, 0) == 2);
		CHECK_ERR(msg_recv(sv[1], r), "more than 4 descriptors");
		CHECK(r->nfds == 0);
	}

	/* Not NUL-terminated: refused. An empty message is like the end. */
	CHECK(send(sv[0], "abc", 3, 0) == 3);
	CHECK_ERR(msg_recv(sv[1], r), "not NUL-terminated");
	CHECK(send(sv[0], "", 0, 0) == 0);
	CHECK(msg_recv(sv[1], r) == 0);
	close(sv[0]);
	CHECK(msg_recv(sv[1], r) == 0);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
	free(m);
	free(r);
}

/* zstd straight into the output buffer, the kernel's size trailer ignored. */
void test_decompress(void)
{
	size_t size = 3 << 20, bound = ZSTD_compressBound(size), n, out_size;
	unsigned char *in = malloc(size), *z = malloc(bound + 4);
	void *out = NULL;
	size_t i;

	ASSERT(in && z);
	for (i = 0; i < size; i++)
		in[i] = (unsigned char)(i * 7 + i / 4096);
	n = ZSTD_compress(z, bound, in, size, 3);
	ASSERT(!ZSTD_isError(n));
	memcpy(z + n, "\x00\x00\x30\x00", 4);
	CHECK(comp_detect(z, n) == COMP_ZSTD);
	CHECK(!decompress(COMP_ZSTD, z, n + 4, size, &out, &out_size));
	CHECK(out && out_size == size && !memcmp(out, in, size));
	decompress_free(out);
	CHECK_ERR(decompress(COMP_ZSTD, z, n / 2, size, &out, &out_size),
		  "zstd: payload is truncated");
	z[n / 2] ^= 0xff;
	z[n / 2 + 1] ^= 0xff;
	CHECK_ERR(decompress(COMP_ZSTD, z, n + 4, size, &out, &out_size),
		  "zstd: payload is");
	CHECK_ERR(decompress(COMP_ZSTD, z, n, DECOMPRESS_MAX + 1, &out, &out_size),
		  "declares 256 MiB decompressed");
	free(in);
	free(z);
}

/* A snapshot is a sealed, read-only copy: the original may change. */
void test_snapshot(void)
{
	char path[] = "/tmp/luod-unit-XXXXXX", buf[8] = "";
	int fd = mkstemp(path), snap;

	CHECK(fd >= 0 && write(fd, "kernel", 6) == 6);
	snap = snapshot(fd, "img");
	CHECK(snap >= 0 && snapshot_sealed(snap) && !snapshot_sealed(fd));
	CHECK((fcntl(snap, F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK(!ftruncate(fd, 0));
	CHECK(pread(snap, buf, sizeof(buf), 0) == 6 && !memcmp(buf, "kernel", 6));
	CHECK_ERR(snapshot(fd, "img"), "img: empty file");
	close(snap);
	close(fd);
	unlink(path);
	fd = open("/tmp", O_RDONLY);
	CHECK_ERR(snapshot(fd, "/tmp"), "/tmp: not a regular file");
	close(fd);
}
