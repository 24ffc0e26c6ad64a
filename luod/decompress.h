/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decompression of a kernel payload, recognized by its magic bytes.
 */
#ifndef LUOD_DECOMPRESS_H
#define LUOD_DECOMPRESS_H

#include <stddef.h>

enum comp {
	COMP_NONE,
	COMP_GZIP,
	COMP_XZ,
	COMP_LZMA,
	COMP_ZSTD,
	/* Recognized, but luod does not decompress them. */
	COMP_BZIP2,
	COMP_LZO,
	COMP_LZ4,
};

/* The compression @data starts with, COMP_NONE if none is recognized. */
enum comp comp_detect(const void *data, size_t size);
const char *comp_name(enum comp c);

/*
 * Decompress the first stream of @data (trailing bytes are ignored) into a
 * new buffer, freed with decompress_free(). @hint is the size the image
 * declares (0 if unknown). The output may not exceed DECOMPRESS_MAX (a
 * kernel is some 20 to 60 MiB): a larger hint or zstd frame size is
 * refused at once, a larger output as soon as it gets there, and liblzma
 * may not use more memory either.
 */
#define DECOMPRESS_MAX	(256UL << 20)
int decompress(enum comp c, const void *data, size_t size, size_t hint,
	       void **out, size_t *out_size);
void decompress_free(void *data);

#endif
