/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text that reaches a terminal or a log. Names and messages come from
 * images, clients and the kernel; printed as they are, a newline would
 * forge a log line and an escape sequence would drive the terminal. So
 * only printable ASCII is written as it is; a backslash becomes "\\",
 * newline, tab and carriage return "\n", "\t" and "\r", and every other
 * byte (control characters, DEL, anything not ASCII) "\xHH".
 */
#ifndef LUOD_ESCAPE_H
#define LUOD_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* The length of @s once escaped. */
size_t esc_len(const char *s);
/* Write @s escaped. */
void esc_put(FILE *f, const char *s);
/* Write @s escaped, then spaces up to @width columns. */
void esc_pad(FILE *f, const char *s, size_t width);
/*
 * Write text that is escaped already (a report rendered by the daemon):
 * newlines and printable ASCII as they are, any other byte "\xHH".
 */
void esc_lines(FILE *f, const char *s);

#endif
