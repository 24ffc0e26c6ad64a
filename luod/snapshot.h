/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A private, sealed copy of a file: what luod parses and hands to
 * kexec_file_load(), so that neither a truncation (SIGBUS) nor a change
 * of the file after the negotiation (another kernel loaded than the one
 * negotiated) can reach it.
 */
#ifndef LUOD_SNAPSHOT_H
#define LUOD_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

/* The largest file luod copies: kernel images are far smaller. */
#define SNAPSHOT_MAX	(1UL << 30)

/*
 * Read the regular file in @fd (named @name in messages) once, from
 * offset 0 to its end, into a memfd sealed against any change, and
 * return a read-only descriptor of it (kexec_file_load() refuses files
 * open for writing). @fd's offset is not moved.
 */
int snapshot(int fd, const char *name);
/* Is @fd a memfd that can change no more (a snapshot)? */
bool snapshot_sealed(int fd);

#endif
