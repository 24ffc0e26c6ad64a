// SPDX-License-Identifier: GPL-2.0
/*
 * Decompress a kernel payload with zlib (gzip), liblzma (xz, lzma) or
 * libzstd. Each decoder stops at the end of the first stream, so bytes the
 * kernel build appends (the 4-byte decompressed size) do not matter.
 * Peak memory: the decompressed size, plus liblzma's dictionary for xz.
 */
#include <lzma.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "decompress.h"
#include "error.h"

static const struct {
	enum comp comp;
	const char *name;
	unsigned char magic[6];
	size_t len;
} comps[] = {
	{ COMP_GZIP, "gzip", { 0x1f, 0x8b }, 2 },
	{ COMP_XZ, "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ COMP_LZMA, "lzma", { 0x5d, 0x00, 0x00 }, 3 },
	{ COMP_ZSTD, "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ COMP_BZIP2, "bzip2", { 'B', 'Z', 'h' }, 3 },
	{ COMP_LZO, "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
	{ COMP_LZ4, "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4 },
};

enum comp comp_detect(const void *data, size_t size)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(comps); i++)
		if (size >= comps[i].len &&
		    !memcmp(data, comps[i].magic, comps[i].len))
			return comps[i].comp;
	return COMP_NONE;
}

const char *comp_name(enum comp c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(comps); i++)
		if (comps[i].comp == c)
			return comps[i].name;
	return "none";
}

/*
 * The output: one buffer, reserved at DECOMPRESS_MAX once and never
 * moved. Only the pages written are backed by memory, so decoding needs
 * the decompressed size and no more (no doubling reallocs, no copies),
 * and zstd decodes straight into it without a window of its own.
 */
struct outbuf {
	unsigned char *data;
	size_t size;		/* bytes written */
	size_t cap;		/* DECOMPRESS_MAX */
};

static int outbuf_init(struct outbuf *o)
{
	o->size = 0;
	o->cap = DECOMPRESS_MAX;
	o->data = mmap(NULL, o->cap, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (o->data == MAP_FAILED) {
		o->data = NULL;
		return fail("out of memory (%lu MiB of address space)",
			    DECOMPRESS_MAX >> 20);
	}
	return 0;
}

static int too_big(void)
{
	return fail("payload decompresses to more than %lu MiB (a kernel is far smaller)",
		    DECOMPRESS_MAX >> 20);
}

void decompress_free(void *data)
{
	if (data)
		munmap(data, DECOMPRESS_MAX);
}

static int gunzip(const void *in, size_t len, struct outbuf *o)
{
	z_stream z = { 0 };
	int ret;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return fail("gzip: cannot initialize zlib");
	z.next_in = (unsigned char *)in;
	do {
		uInt chunk;

		if (o->size == o->cap) {
			too_big();
			break;
		}
		/* zlib counts in uInt: feed and drain in chunks. */
		if (!z.avail_in)
			z.avail_in = (uInt)((len - z.total_in) > UINT32_MAX ?
					    UINT32_MAX : len - z.total_in);
		chunk = (uInt)((o->cap - o->size) > UINT32_MAX ?
			       UINT32_MAX : o->cap - o->size);
		z.next_out = o->data + o->size;
		z.avail_out = chunk;
		ret = inflate(&z, Z_NO_FLUSH);
		o->size += chunk - z.avail_out;
		if (ret == Z_STREAM_END) {
			inflateEnd(&z);
			return 0;
		}
		if (ret == Z_BUF_ERROR && z.total_in == len) {
			fail("gzip: payload is truncated");
			break;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			fail("gzip: payload is corrupt (%s)",
			     z.msg ? z.msg : zError(ret));
			break;
		}
	} while (1);
	inflateEnd(&z);
	return -1;
}

static const char *lzma_error(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_FORMAT_ERROR:
		return "not in the expected format";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "data is corrupt";
	case LZMA_BUF_ERROR:
		return "data is truncated";
	default:
		return "decoder error";
	}
}

/* xz (a .xz stream) or lzma (the legacy .lzma format). */
static int unxz(enum comp c, const void *in, size_t len, struct outbuf *o)
{
	lzma_stream s = LZMA_STREAM_INIT;
	const char *name = comp_name(c);
	lzma_ret r;

	if (c == COMP_XZ)
		r = lzma_stream_decoder(&s, DECOMPRESS_MAX, 0);
	else
		r = lzma_alone_decoder(&s, DECOMPRESS_MAX);
	if (r != LZMA_OK)
		return fail("%s: cannot initialize liblzma (%s)", name,
			    lzma_error(r));
	s.next_in = in;
	s.avail_in = len;
	do {
		if (o->size == o->cap) {
			too_big();
			break;
		}
		s.next_out = o->data + o->size;
		s.avail_out = o->cap - o->size;
		r = lzma_code(&s, LZMA_FINISH);
		o->size = o->cap - s.avail_out;
		if (r == LZMA_STREAM_END) {
			lzma_end(&s);
			return 0;
		}
		if (r == LZMA_MEMLIMIT_ERROR) {
			fail("%s: decoding the payload needs more than %lu MiB of memory",
			     name, DECOMPRESS_MAX >> 20);
			break;
		}
		if (r != LZMA_OK) {
			fail("%s: payload is corrupt (%s)", name, lzma_error(r));
			break;
		}
	} while (1);
	lzma_end(&s);
	return -1;
}

/*
 * zstd in one call: the first frame (the kernel build appends its size
 * after it), decoded straight into the output buffer.
 */
static int unzstd(const void *in, size_t len, struct outbuf *o)
{
	size_t frame = ZSTD_findFrameCompressedSize(in, len), r;
	unsigned long long declared;
	ZSTD_DCtx *d;

	if (ZSTD_isError(frame))
		return fail("zstd: payload is %s (%s)",
			    ZSTD_getErrorCode(frame) == ZSTD_error_srcSize_wrong ?
			    "truncated" : "corrupt", ZSTD_getErrorName(frame));
	declared = ZSTD_getFrameContentSize(in, frame);
	if (declared != ZSTD_CONTENTSIZE_UNKNOWN &&
	    declared != ZSTD_CONTENTSIZE_ERROR && declared > o->cap)
		return too_big();
	d = ZSTD_createDCtx();
	if (!d)
		return fail("zstd: out of memory");
	r = ZSTD_decompressDCtx(d, o->data, o->cap, in, frame);
	ZSTD_freeDCtx(d);
	if (!ZSTD_isError(r)) {
		o->size = r;
		return 0;
	}
	if (ZSTD_getErrorCode(r) == ZSTD_error_dstSize_tooSmall)
		return too_big();
	return fail("zstd: payload is corrupt (%s)", ZSTD_getErrorName(r));
}

int decompress(enum comp c, const void *data, size_t size, size_t hint,
	       void **out, size_t *out_size)
{
	struct outbuf o;
	int ret;

	switch (c) {
	case COMP_GZIP:
	case COMP_XZ:
	case COMP_LZMA:
	case COMP_ZSTD:
		break;
	default:
		return fail("%s payloads are not supported (luod reads gzip, xz, lzma and zstd)",
			    comp_name(c));
	}
	if (hint > DECOMPRESS_MAX)
		return fail("%s payload declares %zu MiB decompressed, more than %lu MiB",
			    comp_name(c), hint >> 20, DECOMPRESS_MAX >> 20);
	if (outbuf_init(&o))
		return -1;
	if (c == COMP_GZIP)
		ret = gunzip(data, size, &o);
	else if (c == COMP_ZSTD)
		ret = unzstd(data, size, &o);
	else
		ret = unxz(c, data, size, &o);
	if (ret) {
		decompress_free(o.data);
		return -1;
	}
	*out = o.data;
	*out_size = o.size;
	return 0;
}
