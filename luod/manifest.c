// SPDX-License-Identifier: GPL-2.0
/*
 * luod's manifest: which sessions and tokens it preserved, and their
 * types. It travels in a memfd preserved as token 0 of the session
 * "luod"; the next kernel's luod reads it first and so knows what to
 * retrieve.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "manifest.h"
#include "number.h"

#define MANIFEST_MAGIC	"luod-manifest "
#define MANIFEST_VERSION	2

static bool name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	const char *p;

	if (!n || n >= max)
		return false;
	for (p = s; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			return false;
	return true;
}

bool session_name_ok(const char *name)
{
	return name_ok(name, LIVEUPDATE_SESSION_NAME_LENGTH);
}

bool type_name_ok(const char *type)
{
	return name_ok(type, COMPAT_LEN);
}

int parse_token(const char *s, uint64_t *token)
{
	unsigned long long v;

	if (parse_uint(s, UINT64_MAX, &v))
		return -1;
	*token = v;
	return 0;
}

void manifest_print(FILE *f, const struct held *const *files, size_t n)
{
	size_t i;

	fprintf(f, "%s%d\n", MANIFEST_MAGIC, MANIFEST_VERSION);
	for (i = 0; i < n; i++)
		fprintf(f, "file %s %" PRIu64 " %s %u\n", files[i]->session,
			files[i]->token, files[i]->type,
			(unsigned int)files[i]->owner);
}

/* "file <session> <token> <type>", and " <uid>" from version 2 on. */
static int parse_line(char *line, int version, struct held *h)
{
	int n, words = version == 1 ? 4 : 5;
	unsigned long long uid = 0;
	char *w[5], *save;

	for (n = 0; n < words; n++)
		w[n] = strtok_r(n ? NULL : line, " ", &save);
	if (!w[words - 1] || strtok_r(NULL, " ", &save) || strcmp(w[0], "file"))
		return -1;
	if (!session_name_ok(w[1]) || !type_name_ok(w[3]) ||
	    parse_token(w[2], &h->token) ||
	    (version > 1 && parse_uint(w[4], UINT32_MAX - 1, &uid)))
		return -1;
	strcpy(h->session, w[1]);
	strcpy(h->type, w[3]);
	h->fd = -1;
	h->owner = (uid_t)uid;
	return 0;
}

int manifest_parse(const char *text, struct held **files, size_t *n)
{
	char *copy, *line, *next;
	struct held *f = NULL;
	unsigned int no = 1;
	size_t count = 0;
	int version;

	if (!strncmp(text, MANIFEST_MAGIC "1\n", sizeof(MANIFEST_MAGIC) + 1))
		version = 1;
	else if (!strncmp(text, MANIFEST_MAGIC "2\n", sizeof(MANIFEST_MAGIC) + 1))
		version = 2;
	else
		return fail("manifest: not a \"%s1\" or \"%s2\" manifest",
			    MANIFEST_MAGIC, MANIFEST_MAGIC);
	copy = strdup(text + sizeof(MANIFEST_MAGIC) + 1);
	if (!copy)
		return fail("out of memory");
	for (line = copy; *line; line = next) {
		struct held *nf;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		no++;
		nf = reallocarray(f, count + 1, sizeof(*f));
		if (!nf) {
			fail("out of memory");
			goto err;
		}
		f = nf;
		if (parse_line(line, version, &f[count])) {
			fail("manifest:%u: malformed line", no);
			goto err;
		}
		count++;
	}
	free(copy);
	*files = f;
	*n = count;
	return 0;
err:
	free(copy);
	free(f);
	return -1;
}
