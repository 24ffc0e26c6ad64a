// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: build synthetic inputs for luod.
 *
 *   mkimage blob [-m MAGIC] [-f FORMAT] [-e ENTRY_SIZE] [-c COUNT]
 *                [-n MANY] [-B] [-H] ENTRY...                > section.bin
 *   mkimage bzimage [-v VERSION] [-l LENGTH] [-s SIZE] PAYLOAD > bzImage
 *
 * blob writes a .liveupdate_versions section (format 2 unless -f), each
 * ENTRY being COMPATIBLE:KIND:CAPS[:DEPS[:TYPE[:VERSION]]] (KIND
 * core|file|flb or a number, CAPS r|w|rw or a number, DEPS FLB types
 * separated by commas, TYPE and VERSION by default those of the name,
 * split at its last "-v"); -f 1 writes the 56-byte entries of format 1
 * (name, kind, caps); -c makes the header lie about the count; -n adds
 * MANY entries t<i>-v1:file:rw after those given; -B writes big-endian
 * integers; -H writes no header (a module's bare entries). bzimage wraps
 * a compressed payload in an x86 boot header the way the kernel build
 * does, appending the decompressed SIZE (as the build does for xz and
 * zstd) if given; -l overrides payload_length.
 */
#include <endian.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int big;

static void put32(unsigned char *p, uint32_t v)
{
	v = big ? htobe32(v) : htole32(v);
	memcpy(p, &v, 4);
}

static void put16(unsigned char *p, uint16_t v)
{
	v = big ? htobe16(v) : htole16(v);
	memcpy(p, &v, 2);
}

static uint32_t number(const char *s, const char *const *names)
{
	uint32_t i;

	for (i = 0; names && names[i]; i++)
		if (names[i][0] && !strcmp(s, names[i]))
			return i;
	return (uint32_t)strtoul(s, NULL, 0);
}

static const char *const kinds[] = { "", "core", "file", "flb", NULL };
static const char *const caps[] = { "", "r", "w", "rw", NULL };

/* Next ':'-separated field of *@s, or NULL. */
static char *field(char **s)
{
	return *s ? strsep(s, ":") : NULL;
}

static int entry(unsigned char *e, const char *spec, uint32_t format)
{
	char *copy = strdup(spec), *rest = copy, *v;
	char *compat = field(&rest), *kind = field(&rest), *cap = field(&rest);
	char *deps = field(&rest), *type = field(&rest), *ver = field(&rest);
	char dtype[48] = "";
	unsigned int version = 0;
	int d = 0;

	if (!cap) {
		fprintf(stderr, "mkimage: bad entry '%s'\n", spec);
		return -1;
	}
	strncpy((char *)e, compat, 48);
	if (format == 1) {
		put32(e + 48, number(kind, kinds));
		put32(e + 52, number(cap, caps));
		free(copy);
		return 0;
	}
	v = strstr(compat, "-v");
	while (v && strstr(v + 1, "-v"))
		v = strstr(v + 1, "-v");
	if (v) {
		snprintf(dtype, sizeof(dtype), "%.*s", (int)(v - compat), compat);
		version = (unsigned int)strtoul(v + 2, NULL, 10);
	}
	strncpy((char *)e + 48, type ? type : dtype, 48);
	put32(e + 96, ver ? (uint32_t)strtoul(ver, NULL, 0) : version);
	put16(e + 100, (uint16_t)number(kind, kinds));
	put16(e + 102, (uint16_t)number(cap, caps));
	for (v = deps ? strtok(deps, ",") : NULL; v && d < 4;
	     v = strtok(NULL, ","), d++)
		strncpy((char *)e + 112 + d * 48, v, 48);
	free(copy);
	return 0;
}

static int blob(int argc, char **argv)
{
	uint32_t magic = 0x4c565550, format = 2, esize = 0, count = 0;
	int c, i, n, given, lie = 0, many = 0, header = 1;
	unsigned char *buf, *p;
	size_t room, hdr;

	while ((c = getopt(argc, argv, "m:f:e:c:n:BH")) != -1) {
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
		case 'B':
			big = 1;
			break;
		case 'H':
			header = 0;
			break;
		default:
			return 2;
		}
	}
	if (!esize)
		esize = format == 1 ? 56 : 304;
	given = argc - optind;
	n = given + many;
	room = esize < 304 ? 304 : esize;
	hdr = header ? 16 : 0;
	buf = calloc(1, hdr + (size_t)n * esize + room);
	if (!buf)
		return 1;
	if (header) {
		put32(buf, magic);
		put32(buf + 4, format);
		put32(buf + 8, esize);
		put32(buf + 12, lie ? count : (uint32_t)n);
	}
	/* Entries are made in a 304-byte scratch, then cut to esize. */
	p = calloc(1, room);
	for (i = 0; p && i < n; i++) {
		char gen[64];

		snprintf(gen, sizeof(gen), "t%d-v1:file:rw", i - given);
		memset(p, 0, room);
		if (entry(p, i < given ? argv[optind + i] : gen, format))
			return 2;
		memcpy(buf + hdr + (size_t)i * esize, p, esize);
	}
	fwrite(buf, 1, hdr + (size_t)n * esize, stdout);
	free(p);
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
