/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole-file reads (sysfs files, /proc/cmdline, policy files).
 */
#ifndef LUOD_IO_H
#define LUOD_IO_H

#include <stddef.h>

/*
 * Read the file @path into a NUL-terminated malloc()ed buffer; its
 * length into *@len if @len. Returns 0, or -errno with a message.
 */
int read_file(const char *path, char **buf, size_t *len);

#endif
