/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer. Members take a key inside an object and
 * NULL inside an array.
 */
#ifndef LUOD_JSON_H
#define LUOD_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	bool pretty;
	int depth;
	char close[JSON_MAX_DEPTH];	/* '}' or ']' per open level */
	bool first[JSON_MAX_DEPTH];	/* nothing written at this level yet */
};

void json_init(struct json *j, FILE *f, bool pretty);
void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_end(struct json *j);
void json_string(struct json *j, const char *key, const char *s);
void json_uint(struct json *j, const char *key, unsigned long long v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* Ends the document with a newline. */
void json_finish(struct json *j);

#endif
