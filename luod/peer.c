// SPDX-License-Identifier: GPL-2.0
/*
 * Peer credentials. SO_PEERCRED gives the uid, gid and pid at connect
 * time, SO_PEERGROUPS the supplementary groups. Capabilities are not in
 * the socket: they are read from /proc/<pid>/status while a pidfd of the
 * peer (SO_PEERPIDFD) is held, and believed only if the pidfd shows the
 * process still alive afterwards: then the pid was not reused meanwhile.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "peer.h"

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD	77
#endif
#define CAP_SYS_BOOT_BIT	22

/* The "@key\t<value>" line of @text, parsed with @base; -1 if absent. */
static long long field(const char *text, const char *key, int base)
{
	const char *p = strstr(text, key);
	char *end;
	long long v;

	if (!p || (p != text && p[-1] != '\n'))
		return -1;
	errno = 0;
	v = strtoll(p + strlen(key), &end, base);
	return errno || end == p + strlen(key) ? -1 : v;
}

static bool read_cap_sys_boot(int sock)
{
	char path[64], *text;
	long long pid, caps;
	socklen_t len;
	int pidfd;
	bool alive;

	len = sizeof(pidfd);
	if (getsockopt(sock, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len))
		return false;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	pid = -1;
	if (!read_file(path, &text, NULL)) {
		pid = field(text, "Pid:", 10);
		free(text);
	}
	caps = -1;
	snprintf(path, sizeof(path), "/proc/%lld/status", pid);
	if (pid > 0 && !read_file(path, &text, NULL)) {
		caps = field(text, "CapEff:", 16);
		free(text);
	}
	alive = !syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0);
	close(pidfd);
	return alive && caps >= 0 && (caps >> CAP_SYS_BOOT_BIT & 1);
}

static bool in_groups(int sock, gid_t group)
{
	gid_t small[64], *g = small;
	socklen_t len = sizeof(small);
	bool found = false;
	size_t i;

	if (getsockopt(sock, SOL_SOCKET, SO_PEERGROUPS, g, &len)) {
		if (errno != ERANGE)
			return false;
		g = malloc(len);
		if (!g || getsockopt(sock, SOL_SOCKET, SO_PEERGROUPS, g, &len)) {
			free(g);
			return false;
		}
	}
	for (i = 0; i < len / sizeof(*g) && !found; i++)
		found = g[i] == group;
	if (g != small)
		free(g);
	return found;
}

int peer_get(int sock, gid_t group, struct peer *p)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	memset(p, 0, sizeof(*p));
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return fail_errno(errno, "SO_PEERCRED");
	p->pid = cred.pid;
	p->uid = cred.uid;
	p->gid = cred.gid;
	p->in_group = group != (gid_t)-1 &&
		      (cred.gid == group || in_groups(sock, group));
	p->cap_sys_boot = cred.uid == 0 || read_cap_sys_boot(sock);
	return 0;
}

int peer_check_daemon(int sock, const char *path, uid_t trusted)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return fail_errno(errno, "%s: SO_PEERCRED", path);
	if (cred.uid == 0 || cred.uid == geteuid() || cred.uid == trusted)
		return 0;
	return fail("%s: the listener runs as uid %u, not root: luod does not trust it (--daemon-user names a daemon's user to trust)",
		    path, (unsigned int)cred.uid);
}
