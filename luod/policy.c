// SPDX-License-Identifier: GPL-2.0
/*
 * Update policy. An optional type or session that cannot be negotiated is
 * dropped from the update and reported; a mandatory one stops the update
 * before anything changes.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "policy.h"

static int push(char ***list, size_t *n, const char *s)
{
	char **l = reallocarray(*list, *n + 1, sizeof(*l));

	if (!l)
		return fail("out of memory");
	*list = l;
	l[*n] = strdup(s);
	if (!l[*n])
		return fail("out of memory");
	(*n)++;
	return 0;
}

int policy_parse(struct policy *p, const char *text, const char *name)
{
	char *copy = strdup(text), *line, *next;
	unsigned int no = 0;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	if (!copy)
		return fail("out of memory");
	for (line = copy; line && !ret; line = next) {
		char *w[4], *ws;
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		no++;
		*strchrnul(line, '#') = '\0';
		for (w[n] = strtok_r(line, " \t", &ws); w[n] && n < 3;
		     w[n] = strtok_r(NULL, " \t", &ws))
			n++;
		if (!n)
			continue;
		if (n != 3 || w[3] || strcmp(w[0], "optional"))
			ret = fail("%s:%u: expected \"optional type|session <name>\"",
				   name, no);
		else if (!strcmp(w[1], "type"))
			ret = push(&p->types, &p->ntypes, w[2]);
		else if (!strcmp(w[1], "session"))
			ret = push(&p->sessions, &p->nsessions, w[2]);
		else
			ret = fail("%s:%u: \"%s\" is neither type nor session",
				   name, no, w[1]);
	}
	free(copy);
	if (ret)
		policy_free(p);
	return ret;
}

static void free_list(char **l, size_t n)
{
	while (n)
		free(l[--n]);
	free(l);
}

void policy_free(struct policy *p)
{
	free_list(p->types, p->ntypes);
	free_list(p->sessions, p->nsessions);
	memset(p, 0, sizeof(*p));
}

static bool member(char *const *l, size_t n, const char *s)
{
	while (n--)
		if (!strcmp(l[n], s))
			return true;
	return false;
}

bool policy_optional_type(const struct policy *p, const char *type)
{
	return member(p->types, p->ntypes, type);
}

bool policy_optional_session(const struct policy *p, const char *session)
{
	return member(p->sessions, p->nsessions, session);
}
