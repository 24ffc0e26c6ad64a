/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsing of the numbers luod is given: options, tokens, protocol
 * fields. "12abc", " 12", "-1", "" and "0x10" are errors, not 12, 0 or 16.
 */
#ifndef LUOD_NUMBER_H
#define LUOD_NUMBER_H

/* A decimal number of digits only, at most @max, into *@v; else -1. */
int parse_uint(const char *s, unsigned long long max, unsigned long long *v);

#endif
