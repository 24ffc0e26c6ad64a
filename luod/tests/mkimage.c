// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: build synthetic inputs for luod.
 *
 *   mkimage blob [-m MAGIC] [-f FORMAT] [-e ENTRY_SIZE] [-c COUNT]
 *                [-n MANY] COMPATIBLE:KIND:CAPS...      > section.bin
 *   mkimage bzimage [-v VERSION] [-l LENGTH] [-s SIZE] PAYLOAD > bzImage
 *
 * blob writes a .liveupdate_versions section (KIND core|file|flb or a
 * number, CAPS r|w|rw or a number); -c makes the header lie about the
 * count; -n adds MANY entries t<i>-v1:file:rw after those given. bzimage wraps a compressed payload in an x86 boot header the way
 * the kernel build does, appending the decompressed SIZE (as the build
 * does for xz and zstd) if given; -l overrides payload_length.
 */
#include <endian.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put32(unsigned char *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static uint32_t number(const char *s, const char *const *names)
{
	uint32_t i;

	for (i = 0; names && names[i]; i++)
		if (names[i][0] && !strcmp(s, names[i]))
			return i;
	return (uint32_t)strtoul(s, NULL, 0);
}

static int blob(int argc, char **argv)
{
	static const char *const kinds[] = { "", "core", "file", "flb", NULL };
	static const char *const caps[] = { "", "r", "w", "rw", NULL };
	uint32_t magic = 0x4c565550, format = 1, esize = 56, count = 0;
	int c, i, n, given, lie = 0, many = 0;
	unsigned char *buf;

	while ((c = getopt(argc, argv, "m:f:e:c:n:")) != -1) {
		switch (c) {
		case 'm':
			magic = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'f':
			format = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'e':
			esize = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'c':
			count = (uint32_t)strtoul(optarg, NULL, 0);
			lie = 1;
			break;
		case 'n':
			many = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	given = argc - optind;
	n = given + many;
	buf = calloc(1, 16 + (size_t)n * (esize < 56 ? 56 : esize));
	if (!buf)
		return 1;
	put32(buf, magic);
	put32(buf + 4, format);
	put32(buf + 8, esize);
	put32(buf + 12, lie ? count : (uint32_t)n);
	for (i = 0; i < n; i++) {
		unsigned char *e = buf + 16 + (size_t)i * esize;
		char gen[64], *spec;

		snprintf(gen, sizeof(gen), "t%d-v1:file:rw", i - given);
		spec = strdup(i < given ? argv[optind + i] : gen);
		char *k = strchr(spec, ':'), *cp = k ? strchr(k + 1, ':') : NULL;

		if (!cp) {
			fprintf(stderr, "mkimage: bad entry '%s'\n", spec);
			return 2;
		}
		*k++ = '\0';
		*cp++ = '\0';
		strncpy((char *)e, spec, 48);
		put32(e + 48, number(k, kinds));
		put32(e + 52, number(cp, caps));
		free(spec);
	}
	fwrite(buf, 1, 16 + (size_t)n * esize, stdout);
	free(buf);
	return 0;
}

static int bzimage(int argc, char **argv)
{
	unsigned char hdr[1024 + 0x40] = { 0 }, tail[256];
	uint32_t version = 0x020f, length = 0, size = 0;
	int c, have_length = 0, have_size = 0;
	unsigned char *payload;
	size_t len;
	FILE *f;

	while ((c = getopt(argc, argv, "v:l:s:")) != -1) {
		switch (c) {
		case 'v':
			version = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'l':
			length = (uint32_t)strtoul(optarg, NULL, 0);
			have_length = 1;
			break;
		case 's':
			size = (uint32_t)strtoul(optarg, NULL, 0);
			have_size = 1;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 1)
		return 2;
	f = fopen(argv[optind], "rb");
	if (!f)
		return 1;
	payload = malloc(64 << 20);
	len = fread(payload, 1, 64 << 20, f);
	fclose(f);
	if (have_size) {
		put32(payload + len, size);
		len += 4;
	}

	/* One setup sector after the boot sector: code starts at 1024. */
	hdr[0x1f1] = 1;
	hdr[0x1fe] = 0x55;
	hdr[0x1ff] = 0xaa;
	memcpy(hdr + 0x202, "HdrS", 4);
	hdr[0x206] = version & 0xff;
	hdr[0x207] = version >> 8;
	put32(hdr + 0x248, 0x40);
	put32(hdr + 0x24c, have_length ? length : (uint32_t)len);
	memset(hdr + 1024, 0x90, 0x40);
	memset(tail, 0xcc, sizeof(tail));
	fwrite(hdr, 1, sizeof(hdr), stdout);
	fwrite(payload, 1, len, stdout);
	fwrite(tail, 1, sizeof(tail), stdout);
	free(payload);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "blob"))
		return blob(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "bzimage"))
		return bzimage(argc - 1, argv + 1);
	fprintf(stderr, "usage: mkimage blob|bzimage ...\n");
	return 2;
}
