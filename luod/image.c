// SPDX-License-Identifier: GPL-2.0
/*
 * Find the .liveupdate_versions section of a kernel image, by content:
 *
 * - an ELF file (vmlinux): the section is looked up by name with libelf;
 * - an x86 bzImage ("HdrS" at 0x202, boot protocol 2.08 or later): its
 *   payload, at payload_offset from the start of the protected-mode code
 *   and payload_length bytes long, is the compressed ELF (x86 keeps the
 *   kernel an ELF file inside); the compression is told by magic bytes;
 * - a bare compressed ELF, such as arch/x86/boot/compressed/vmlinux.bin.zst.
 *
 * An ELF without the section is a kernel built without CONFIG_LIVEUPDATE:
 * a valid image that lists no formats (TABLE_UNLISTED), not an error.
 * The section's integers are in the byte order the ELF header states.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "image.h"
#include "section.h"
#include "snapshot.h"

/* x86 boot protocol (Documentation/arch/x86/boot.rst). */
#define BOOT_SETUP_SECTS	0x1f1
#define BOOT_HEADER		0x202
#define BOOT_VERSION		0x206
#define BOOT_KERNEL_VERSION	0x20e
#define BOOT_PAYLOAD_OFFSET	0x248
#define BOOT_PAYLOAD_LENGTH	0x24c
#define BOOT_HDR_END		0x250
#define BOOT_MAGIC		"HdrS"

static uint16_t get_le16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

static uint32_t get_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* The first word of the string at @p (at most @n bytes) as the release. */
static void set_release(struct image_info *info, const unsigned char *p,
			size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < sizeof(info->release); i++) {
		if (p[i] <= ' ' || p[i] > '~')
			break;
		info->release[i] = (char)p[i];
	}
	info->release[i] = '\0';
}

/* An ELF kernel's release: what follows "Linux version " in it. */
static void elf_release(const unsigned char *p, size_t size,
			struct image_info *info)
{
	static const char banner[] = "Linux version ";
	const unsigned char *b = memmem(p, size, banner, sizeof(banner) - 1);

	if (b && !info->release[0])
		set_release(info, b + sizeof(banner) - 1,
			    size - (size_t)(b - p) - (sizeof(banner) - 1));
}

/* A bzImage's release: its kernel_version string (boot protocol 2.00). */
static void bzimage_release(const unsigned char *p, size_t size,
			    struct image_info *info)
{
	uint16_t off = get_le16(p + BOOT_KERNEL_VERSION);

	if (off && (size_t)off + 0x200 < size)
		set_release(info, p + off + 0x200, size - off - 0x200);
}

static bool is_elf(const unsigned char *p, size_t size)
{
	return size >= SELFMAG && !memcmp(p, ELFMAG, SELFMAG);
}

static bool is_bzimage(const unsigned char *p, size_t size)
{
	return size >= BOOT_HDR_END && !memcmp(p + BOOT_HEADER, BOOT_MAGIC, 4);
}

/*
 * A kernel ELF has its section headers, at the end of the file: without
 * them whole, the file is truncated, not a kernel without the section.
 */
static int check_headers(Elf *e, size_t size)
{
	size_t shnum;
	GElf_Ehdr eh;

	if (!gelf_getehdr(e, &eh) || elf_getshdrnum(e, &shnum))
		return fail("ELF: %s", elf_errmsg(-1));
	if (!eh.e_shoff || !shnum)
		return fail("ELF: no section headers (truncated?)");
	if (eh.e_shoff > size || (size - eh.e_shoff) / eh.e_shentsize < shnum)
		return fail("ELF: the section headers extend past the end of the file (truncated?)");
	return 0;
}

static int elf_table(void *data, size_t size, struct table *t,
		     struct image_info *info)
{
	GElf_Ehdr eh;
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	Elf *e;
	int ret = -1;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail("libelf: %s", elf_errmsg(-1));
	e = elf_memory(data, size);
	if (!e)
		return fail("ELF: %s", elf_errmsg(-1));
	if (elf_kind(e) != ELF_K_ELF) {
		fail("not a valid ELF file");
		goto out;
	}
	if (check_headers(e, size))
		goto out;
	elf_release(data, size, info);
	if (!gelf_getehdr(e, &eh) || elf_getshdrstrndx(e, &shstrndx)) {
		fail("ELF: %s", elf_errmsg(-1));
		goto out;
	}
	while ((scn = elf_nextscn(e, scn))) {
		const char *name;
		Elf_Data *d;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh)) {
			fail("ELF: %s", elf_errmsg(-1));
			goto out;
		}
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name || strcmp(name, LVUP_SECTION))
			continue;
		if (sh.sh_type == SHT_NOBITS) {
			fail("section %s has no contents", LVUP_SECTION);
			goto out;
		}
		d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf) {
			fail("section %s: %s", LVUP_SECTION,
			     d ? "empty" : elf_errmsg(-1));
			goto out;
		}
		ret = section_parse(d->d_buf, d->d_size,
				    eh.e_ident[EI_DATA] == ELFDATA2MSB, t,
				    &info->layout);
		goto out;
	}
	/* A valid kernel that cannot take a live update: no formats. */
	t->source = TABLE_UNLISTED;
	ret = table_seal(t);
out:
	elf_end(e);
	return ret;
}

/* Decompress @data and read the ELF inside. */
static int compressed_table(const unsigned char *data, size_t size,
			    size_t hint, struct table *t,
			    struct image_info *info)
{
	void *elf;
	size_t elf_size;
	int ret;

	info->comp = comp_detect(data, size);
	if (info->comp == COMP_NONE) {
		if (is_elf(data, size))
			return elf_table((void *)data, size, t, info);
		return fail("payload has no known compression magic (%02x %02x %02x %02x)",
			    data[0], size > 1 ? data[1] : 0,
			    size > 2 ? data[2] : 0, size > 3 ? data[3] : 0);
	}
	if (decompress(info->comp, data, size, hint, &elf, &elf_size))
		return -1;
	if (!is_elf(elf, elf_size))
		ret = fail("decompressed %s payload is not an ELF file",
			   comp_name(info->comp));
	else
		ret = elf_table(elf, elf_size, t, info);
	decompress_free(elf);
	return ret;
}

static int bzimage_table(const unsigned char *p, size_t size, struct table *t,
			 struct image_info *info)
{
	uint16_t version = get_le16(p + BOOT_VERSION);
	uint32_t off = get_le32(p + BOOT_PAYLOAD_OFFSET);
	uint32_t len = get_le32(p + BOOT_PAYLOAD_LENGTH);
	unsigned int sects = p[BOOT_SETUP_SECTS] ? p[BOOT_SETUP_SECTS] : 4;
	uint64_t start = (uint64_t)(sects + 1) * 512 + off;

	if (version < 0x0208)
		return fail("bzImage: boot protocol %u.%02u has no payload fields (2.08 or later needed)",
			    version >> 8, version & 0xff);
	if (len < 4)
		return fail("bzImage: payload_length %u is too small", len);
	if (start > size || size - start < len)
		return fail("bzImage: payload (%u bytes at offset %llu) extends past the end of the file (%zu bytes): truncated?",
			    len, (unsigned long long)start, size);
	/* The payload ends with its decompressed size (gzip's trailer too). */
	return compressed_table(p + start, len, get_le32(p + start + len - 4),
				t, info);
}

int image_read_fd(int fd, const char *name, struct table *t,
		  struct image_info *info)
{
	struct image_info dummy;
	unsigned char *p;
	struct stat st;
	int snap, ret;
	size_t size;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	/* Parse a copy nobody can change: no SIGBUS, no surprise. */
	snap = snapshot_sealed(fd) ? fd : snapshot(fd, name);
	if (snap < 0)
		return -1;
	if (fstat(snap, &st)) {
		ret = fail_errno(errno, "%s", name);
		goto out;
	}
	size = (size_t)st.st_size;
	/* Private and writable: libelf may convert in place. */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, snap, 0);
	if (p == MAP_FAILED) {
		ret = fail_errno(errno, "%s: mmap", name);
		goto out;
	}

	if (is_elf(p, size)) {
		info->format = IMAGE_ELF;
		ret = elf_table(p, size, t, info);
	} else if (is_bzimage(p, size)) {
		info->format = IMAGE_BZIMAGE;
		bzimage_release(p, size, info);
		ret = bzimage_table(p, size, t, info);
	} else if (comp_detect(p, size) != COMP_NONE) {
		/* No trustworthy size: the last bytes are the stream's. */
		info->format = IMAGE_COMPRESSED;
		ret = compressed_table(p, size, 0, t, info);
	} else {
		ret = fail("not a kernel image (no ELF, bzImage or compressed-data magic)");
	}
	munmap(p, size);
	if (ret)
		fail_wrap("%s", name);
out:
	if (snap != fd)
		close(snap);
	return ret;
}

int image_read(const char *path, struct table *t, struct image_info *info)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return fail_errno(errno, "%s", path);
	ret = image_read_fd(fd, path, t, info);
	close(fd);
	return ret;
}

int image_is_bzimage(int fd)
{
	unsigned char hdr[BOOT_HDR_END];

	if (pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr))
		return 0;
	return is_bzimage(hdr, sizeof(hdr));
}

const char *image_format_name(enum image_format f)
{
	static const char *const names[] = {
		[IMAGE_ELF] = "elf",
		[IMAGE_BZIMAGE] = "bzImage",
		[IMAGE_COMPRESSED] = "compressed",
	};

	return names[f];
}
