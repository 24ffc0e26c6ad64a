/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's request table and its handlers.
 */
#ifndef LUOD_REQUESTS_H
#define LUOD_REQUESTS_H

#include <stdbool.h>

#include "daemon_internal.h"

/*
 * Read and handle one request from @c; false when the connection is
 * done (closed by the peer, malformed, refused). An update replies later.
 */
bool requests_serve(struct daemon *d, struct conn *c);

#endif
