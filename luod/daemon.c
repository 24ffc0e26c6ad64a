// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: luod daemon: the event loop and the connections
 *
 * The daemon is single-threaded but for reading an update's image
 * (update_req.c): one request at a time, from up to MAX_CONNS
 * connections (a new one beyond that closes the one idle the longest).
 *
 * Who may talk to it: the socket is mode 0600 (0660 and the --group
 * group with one), and on every connection the peer's credentials
 * (SO_PEERCRED) are checked again: root, the daemon's own user, or a
 * member of the group. Anyone else's first request gets EACCES and the
 * connection is closed. What each may then do is up to requests.c.
 *
 * Out of file descriptors, accept4() fails while the connection stays
 * queued: rather than spin on it, the daemon closes an idle connection,
 * or spends a descriptor kept in reserve on the new one, or else stops
 * polling the listener until it can take a descriptor back into reserve
 * (tried before every poll, and at least every second, as ENFILE is the
 * whole system's).
 *
 * Signals: SIGTERM and SIGINT stop it (the held files are closed, and so
 * never preserved; incoming sessions never finished are released by the
 * kernel); SIGHUP is logged and otherwise ignored.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "daemon.h"
#include "daemon_internal.h"
#include "error.h"
#include "log.h"
#include "names.h"
#include "proto.h"
#include "requests.h"
#include "update_req.h"

/* While out of descriptors, try accept4() again this often anyway. */
#define PAUSE_MS	1000

/* The connection on @fd, NULL if it is gone. */
static struct conn *conn_by_fd(struct daemon *d, int fd)
{
	size_t i;

	for (i = 0; i < d->nconns; i++)
		if (d->conns[i].fd == fd)
			return &d->conns[i];
	return NULL;
}

/*
 * Before each poll: take a descriptor back into reserve if one is free;
 * that one is free also means connections can be accepted again.
 */
static void refill_reserve(struct daemon *d)
{
	if (d->reserve_fd < 0)
		d->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (d->reserve_fd >= 0)
		d->accept_paused = false;
}

static void close_conn(struct daemon *d, size_t i)
{
	close(d->conns[i].fd);
	d->conns[i] = d->conns[--d->nconns];
}

/* Close the connection idle the longest (not one that waits); false if none. */
static bool close_idle(struct daemon *d, const char *why)
{
	size_t i, idle = d->nconns;

	for (i = 0; i < d->nconns; i++)
		if (!d->conns[i].busy &&
		    (idle == d->nconns || d->conns[i].used < d->conns[idle].used))
			idle = i;
	if (idle == d->nconns)
		return false;
	logmsg("warning", "%s: closing the one idle the longest", why);
	close_conn(d, idle);
	return true;
}

/* Who may connect: root, the daemon's own user, the group. */
static bool allowed(const struct daemon *d, const struct peer *p)
{
	return p->uid == 0 || p->uid == geteuid() || p->in_group;
}

static bool out_of_fds(int err)
{
	return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}

/*
 * accept4() failed with @err for want of a descriptor: free one (an idle
 * connection, or the reserve) and say so, or else stop accepting for a
 * while: a connection left queued would wake poll() at once, forever.
 */
static bool make_room(struct daemon *d, int err)
{
	char why[128];

	snprintf(why, sizeof(why), "accept: %s", strerrorname_np(err));
	if (close_idle(d, why))
		return true;
	if (d->reserve_fd >= 0) {
		logmsg("warning", "%s: using the descriptor kept in reserve", why);
		close(d->reserve_fd);
		d->reserve_fd = -1;
		return true;
	}
	logmsg("warning", "%s: not accepting connections until a descriptor is free",
	       why);
	return false;
}

static void accept_conn(struct daemon *d)
{
	/* A client that stops reading must not stall the daemon for long. */
	struct timeval timeout = { .tv_sec = 5 };
	struct conn c = { .used = ++d->tick };
	char why[64];

	c.fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (c.fd < 0 && out_of_fds(errno) && make_room(d, errno))
		c.fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (c.fd < 0) {
		if (out_of_fds(errno))
			d->accept_paused = true;
		return;
	}
	if (peer_get(c.fd, d->group, &c.peer)) {
		logmsg("error", "%s", last_error());
		close(c.fd);
		return;
	}
	c.allowed = allowed(d, &c.peer);
	if (!c.allowed)
		logmsg("warning", "refusing uid %u: not root%s",
		       (unsigned int)c.peer.uid,
		       d->group != (gid_t)-1 ? " nor in the group" : "");
	setsockopt(c.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	/* Idle connections must not lock out the others: drop the oldest. */
	snprintf(why, sizeof(why), "%d connections", MAX_CONNS);
	if (d->nconns == MAX_CONNS && !close_idle(d, why)) {
		close(c.fd);
		return;
	}
	d->conns[d->nconns++] = c;
}

/* A signal: true if it stops the daemon. */
static bool stop_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	if (read(d->signal_fd, &si, sizeof(si)) != sizeof(si))
		return false;
	if (si.ssi_signo != SIGHUP)
		return true;
	logmsg("warning", "SIGHUP: ignored (luod has no configuration to reload; SIGTERM stops it)");
	return false;
}

static int loop(struct daemon *d)
{
	struct pollfd pfd[MAX_CONNS + 3];
	int at[MAX_CONNS];	/* the connection fd of each pfd[3 + i] */
	size_t i, n;
	int r;

	for (;;) {
		refill_reserve(d);
		pfd[0] = (struct pollfd){ .fd = d->signal_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = d->accept_paused ? -1 : d->listen_fd,
					  .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = update_req_fd(d),
					  .events = POLLIN };
		for (i = 0, n = 0; i < d->nconns; i++)
			if (!d->conns[i].busy) {
				at[n] = d->conns[i].fd;
				pfd[3 + n] = (struct pollfd){ .fd = at[n],
							      .events = POLLIN };
				n++;
			}
		r = poll(pfd, n + 3, d->accept_paused ? PAUSE_MS : -1);
		if (r < 0 && errno != EINTR)
			return fail_errno(errno, "poll");
		if (r <= 0) {
			d->accept_paused = false;
			continue;
		}
		if (pfd[0].revents && stop_signal(d))
			return 0;
		if (pfd[2].revents)
			update_req_ready(d, conn_by_fd(d, update_req_client(d)));
		/* Serve, then drop the closed connections. */
		for (i = 0; i < n; i++) {
			struct conn *c;

			if (!pfd[3 + i].revents)
				continue;
			c = conn_by_fd(d, at[i]);
			if (!c)
				continue;
			c->used = ++d->tick;
			if (!requests_serve(d, c))
				close_conn(d, (size_t)(c - d->conns));
		}
		if (pfd[1].revents)
			accept_conn(d);
	}
}

static void cleanup(struct daemon *d)
{
	size_t i;

	update_req_cancel(d);
	for (i = 0; i < d->nconns; i++)
		close(d->conns[i].fd);
	for (i = 0; i < d->nheld; i++)
		close(d->held[i].fd);
	free(d->held);
	handover_free(d);
	if (d->luo >= 0)
		close(d->luo);
	if (d->listen_fd >= 0) {
		close(d->listen_fd);
		unlink(d->socket);
	}
	if (d->signal_fd >= 0)
		close(d->signal_fd);
	if (d->reserve_fd >= 0)
		close(d->reserve_fd);
}

static int options(int argc, char **argv, struct daemon *d)
{
	static const struct option longopts[] = {
		{ "group", required_argument, NULL, 'g' },
		COMMON_LONGOPTS
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "g:", longopts,
				NULL)) != -1) {
		if (c == 'g') {
			if (group_id(optarg, &d->group))
				return usage_error("daemon: --group: no group '%s'",
						   optarg);
			continue;
		}
		ret = common_option(c, argv, "daemon");
		if (ret >= 0)
			return ret;
	}
	if (optind != argc)
		return usage_error("daemon: unexpected argument '%s'",
				   argv[optind]);
	return -1;
}

/* A host holds many files: use all the descriptors we may. */
static void raise_nofile(void)
{
	struct rlimit r;

	if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

int cmd_daemon(int argc, char **argv)
{
	struct daemon d = { .listen_fd = -1, .signal_fd = -1, .luo = -1,
			    .reserve_fd = -1, .group = (gid_t)-1 };
	char lost[512];
	sigset_t set;
	int ret;

	ret = options(argc, argv, &d);
	if (ret >= 0)
		return ret;
	log_init(opts.json);
	raise_nofile();
	d.socket = cli_socket();
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d.signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (d.signal_fd < 0) {
		fail_errno(errno, "signalfd");
		return error_exit(EXIT_FAIL);
	}
	d.listen_fd = proto_listen(d.socket, d.group);
	if (d.listen_fd < 0) {
		cleanup(&d);
		return error_exit(EXIT_FAIL);
	}
	handover_take(&d);
	logmsg("start", "listening on %s", d.socket);
	ret = loop(&d);
	logmsg("stop", "%s", ret ? last_error() : "signal received");
	if (handover_unretrieved(&d, lost, sizeof(lost)))
		logmsg("warning", "never retrieved, released now: %s", lost);
	cleanup(&d);
	log_flush();
	return ret ? EXIT_FAIL : EXIT_OK;
}
