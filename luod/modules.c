// SPDX-License-Identifier: GPL-2.0
/*
 * Read the formats of a kernel's modules. A module is found by its file
 * name (.ko, .ko.xz, .ko.zst, .ko.gz; compressions told by content), its
 * name is that of its .modinfo ("name="), else its file name with '-'
 * as '_', as the kernel names it. A module without the section lists
 * nothing; one with a broken section is an error, named.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "decompress.h"
#include "error.h"
#include "modules.h"

/* The most modules luod reads of one kernel. */
#define MODULES_MAX	8192

static bool is_module(const char *path)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t i, n = strlen(path), e;

	for (i = 0; i < ARRAY_SIZE(ext); i++) {
		e = strlen(ext[i]);
		if (n > e && !strcmp(path + n - e, ext[i]))
			return true;
	}
	return false;
}

/* The module's name from its file name: "vfio-pci.ko.xz" -> vfio_pci. */
static void name_of_file(const char *path, char *name, size_t len)
{
	const char *base = strrchr(path, '/');
	char *p;

	snprintf(name, len, "%s", base ? base + 1 : path);
	p = strstr(name, ".ko");
	if (p)
		*p = '\0';
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
}

/* "name=" of the .modinfo section @d, into @name. */
static void name_of_modinfo(const Elf_Data *d, char *name, size_t len)
{
	const char *p = d->d_buf, *end = p + d->d_size;

	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));

		if (n > 5 && n < (size_t)(end - p) && !strncmp(p, "name=", 5)) {
			snprintf(name, len, "%s", p + 5);
			return;
		}
		p += n + 1;
	}
}

/* The section .liveupdate_versions.entries of the ELF @data, if any. */
static int module_section(void *data, size_t size, char *name, size_t len,
			  Elf_Data **out, Elf **elf)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *e;

	*out = NULL;
	e = elf_memory(data, size);
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getshdrstrndx(e, &shstrndx)) {
		if (e)
			elf_end(e);
		return fail("not an ELF module");
	}
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(e, shstrndx, sh.sh_name);
		if (n && !strcmp(n, ".modinfo") && sh.sh_type != SHT_NOBITS)
			name_of_modinfo(elf_rawdata(scn, NULL), name, len);
		else if (n && !strcmp(n, LVUP_MODULE_SECTION) &&
			 sh.sh_type != SHT_NOBITS)
			*out = elf_rawdata(scn, NULL);
	}
	*elf = e;
	return 0;
}

/* The whole file @path, decompressed if it is, into *@data. */
static int load(const char *path, void **data, size_t *size, bool *mapped)
{
	struct stat st;
	enum comp c;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return fail_errno(errno, "%s", path);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size ||
	    (size_t)st.st_size > DECOMPRESS_MAX) {
		close(fd);
		return fail("%s: not a module file", path);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return fail_errno(errno, "%s: mmap", path);
	c = comp_detect(p, (size_t)st.st_size);
	if (c == COMP_NONE) {
		*data = p;
		*size = (size_t)st.st_size;
		*mapped = true;
		return 0;
	}
	ret = decompress(c, p, (size_t)st.st_size, 0, data, size);
	munmap(p, (size_t)st.st_size);
	*mapped = false;
	return ret ? fail_wrap("%s", path) : 0;
}

/* The walk's state (nftw() takes no argument), per thread. */
static __thread struct {
	const struct section_layout *layout;
	struct table *t;
	struct module_set *ms;
} walk;

static int add_module(const char *path, const Elf_Data *d, const char *name)
{
	struct module_set *ms = walk.ms;
	struct module *m;

	if (ms->count == MODULES_MAX)
		return fail("%s: more than %d modules with formats", ms->dir,
			    MODULES_MAX);
	if (section_parse_entries(d->d_buf, d->d_size, walk.layout, name, walk.t))
		return fail_wrap("%s", path);
	m = reallocarray(ms->mods, ms->count + 1, sizeof(*m));
	if (!m)
		return fail("out of memory");
	ms->mods = m;
	m += ms->count;
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->entry_size = walk.layout->entry_size;
	m->count = d->d_size / m->entry_size;
	m->raw = malloc(d->d_size + 1);
	if (!m->raw)
		return fail("out of memory");
	memcpy(m->raw, d->d_buf, d->d_size);
	ms->count++;
	return 0;
}

static int visit(const char *path, const struct stat *st, int flag,
		 struct FTW *ftw)
{
	char name[PROVIDER_LEN];
	void *data = NULL;
	Elf_Data *d;
	bool mapped = false;
	size_t size = 0;
	Elf *e = NULL;
	int ret;

	if (flag != FTW_F || !is_module(path))
		return 0;
	if (load(path, &data, &size, &mapped))
		return -1;
	name_of_file(path, name, sizeof(name));
	ret = module_section(data, size, name, sizeof(name), &d, &e);
	if (ret)
		fail_wrap("%s", path);
	else if (d && d->d_buf && d->d_size)
		ret = add_module(path, d, name);
	if (e)
		elf_end(e);
	if (mapped)
		munmap(data, size);
	else
		decompress_free(data);
	return ret;
}

int modules_read(const char *dir, bool explicit,
		 const struct section_layout *l, struct table *t,
		 struct module_set *ms)
{
	struct stat st;

	memset(ms, 0, sizeof(*ms));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		if (!explicit)
			return 0;
		return fail("--modules %s: not a directory", dir);
	}
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail("libelf: %s", elf_errmsg(-1));
	snprintf(ms->dir, sizeof(ms->dir), "%s", dir);
	walk.layout = l;
	walk.t = t;
	walk.ms = ms;
	if (nftw(dir, visit, 16, FTW_PHYS))
		return -1;
	if (table_seal(t))
		return fail_wrap("the modules of %s", dir);
	return 0;
}

int image_modules(const char *dir, const char *release,
		  const struct section_layout *l, struct table *t,
		  struct module_set *ms)
{
	char path[4096];

	memset(ms, 0, sizeof(*ms));
	if (t->source != TABLE_LISTED)
		return 0;
	if (dir)
		return modules_read(dir, true, l, t, ms);
	if (!release || !release[0] || strchr(release, '/'))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", MODULES_ROOT, release);
	return modules_read(path, false, l, t, ms);
}

void modules_free(struct module_set *ms)
{
	while (ms->count)
		free(ms->mods[--ms->count].raw);
	free(ms->mods);
	memset(ms, 0, sizeof(*ms));
}
