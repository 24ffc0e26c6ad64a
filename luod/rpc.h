/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests to a running luod daemon, for the commands that need one:
 * "client", and check and update for the files it holds.
 */
#ifndef LUOD_RPC_H
#define LUOD_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

/* What the requests return when no daemon listens. */
#define NO_DAEMON	(-2)

/*
 * A request @verb, and its reply in *@r: one allocation to free(), the
 * request. NULL (with a recorded error) if out of memory.
 */
struct msg *rpc_pair(const char *verb, struct msg **r);

/*
 * Send @q and receive the reply into @r, writing its "output" (which may
 * come in several messages) to stdout. The daemon must be one luod
 * trusts (peer.h) before @q, and its fds, go out. Returns 0 for an "ok"
 * reply with *@code its exit status; -1 with a recorded error otherwise,
 * *@code then the exit status to give, or NO_DAEMON with @quiet if none
 * listens (no socket, or nobody on it). After reboot=1 the end of the
 * connection is the kexec: done, exit 0.
 */
int rpc_call(struct msg *q, struct msg *r, int *code, bool quiet);

/*
 * The types of the files the daemon holds, space separated, into @buf;
 * NO_DAEMON if no daemon listens, -1 (with a message) if it cannot be
 * asked: unreachable, untrusted or refusing.
 */
int rpc_types(char *buf, size_t len);

/*
 * The incoming sessions the daemon knows that are not finished, a line
 * each ("<name> <state> <why>"), into @buf; NO_DAEMON, or -1 as
 * rpc_types().
 */
int rpc_unfinished(char *buf, size_t len);
/*
 * Have the daemon discard the incoming session @session. Returns the
 * exit status (an error printed), NO_DAEMON if no daemon listens.
 */
int rpc_discard(const char *session);

struct update_args;

/*
 * Have the daemon run the update @a; @policy is the text of the policy
 * file or NULL (the daemon parses it: a->policy is not sent). Prints its
 * report. Returns the exit status, NO_DAEMON if no daemon listens.
 */
int rpc_update(const struct update_args *a, const char *policy);

#endif
