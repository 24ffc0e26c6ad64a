// SPDX-License-Identifier: GPL-2.0
/*
 * lu-workload: stands for a workload's memory ("VM RAM") in guest tests.
 *
 *   lu-workload hold MIB SEED [interleave]
 *                                       a memfd with the pattern as fd 3,
 *                                       held until killed ("ready" once full);
 *                                       with "interleave", its pages are
 *                                       spread over every NUMA node
 *   lu-workload verify MIB SEED [FILE]  check FILE (default: fd 3) holds
 *                                       exactly the pattern
 *
 * The pattern is a xorshift stream: cheap to make and to check, so 1 GiB
 * takes seconds even in an emulated guest.
 */
#define _GNU_SOURCE
#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_INTERLEAVE	3	/* <linux/mempolicy.h>, without libnuma */

#define CHUNK	(1 << 20)

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill(uint64_t *p, size_t words, uint64_t *s)
{
	while (words--)
		*p++ = next(s);
}

static int gen(size_t mib, uint64_t seed, int fd)
{
	static uint64_t buf[CHUNK / 8];
	size_t off, i;

	for (i = 0; i < mib; i++) {
		fill(buf, CHUNK / 8, &seed);
		for (off = 0; off < CHUNK; ) {
			ssize_t n = write(fd, (char *)buf + off, CHUNK - off);

			if (n <= 0)
				err(1, "write");
			off += n;
		}
	}
	return 0;
}

static int verify(size_t mib, uint64_t seed, int fd)
{
	size_t len = mib << 20, i;
	struct stat st;
	uint64_t *p;

	if (fstat(fd, &st))
		err(2, "fstat");
	if ((size_t)st.st_size != len)
		errx(1, "size is %lld, want %zu", (long long)st.st_size, len);
	if (!len)
		return 0;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		err(2, "mmap");
	for (i = 0; i < len / 8; i++)
		if (p[i] != next(&seed))
			errx(1, "differs at byte %zu", i * 8);
	printf("lu-workload: verified %zu MiB\n", mib);
	return 0;
}

/* Allocate this task's pages round-robin over nodes 0-63. */
static void interleave(void)
{
	unsigned long nodes = ~0UL;

	if (syscall(SYS_set_mempolicy, MPOL_INTERLEAVE, &nodes,
		    sizeof(nodes) * 8))
		err(2, "set_mempolicy");
}

static int hold(size_t mib, uint64_t seed, int spread)
{
	int fd;

	if (spread)
		interleave();
	fd = memfd_create("vm-ram", 0);
	if (fd < 0)
		err(2, "memfd_create");
	if (dup2(fd, 3) < 0)
		err(2, "dup2");
	gen(mib, seed, 3);
	printf("lu-workload: ready, %zu MiB in fd 3 of pid %d\n", mib, getpid());
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	size_t mib;
	uint64_t seed;
	int fd = 3;

	if (argc < 4) {
		fprintf(stderr, "usage: lu-workload hold|verify MIB SEED [FILE]\n");
		return 2;
	}
	mib = strtoul(argv[2], NULL, 0);
	seed = strtoull(argv[3], NULL, 0) | 1;
	if (!strcmp(argv[1], "hold"))
		return hold(mib, seed, argc > 4 && !strcmp(argv[4], "interleave"));
	if (!strcmp(argv[1], "verify")) {
		if (argc > 4) {
			fd = open(argv[4], O_RDONLY);
			if (fd < 0)
				err(2, "%s", argv[4]);
		}
		return verify(mib, seed, fd);
	}
	fprintf(stderr, "lu-workload: unknown command %s\n", argv[1]);
	return 2;
}
