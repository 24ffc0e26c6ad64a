// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: talk to luod's daemon below "luod client", to send what
 * luod itself never sends.
 *
 *   rawclient SOCKET [-f FILE]... [-p FILE]... [-u] [-c] [FIELD...]
 *   rawclient SOCKET -i N
 *
 * The first form sends one message of the FIELDs (none: an empty
 * message) with the FILEs attached, opened read-write (-f) or O_PATH
 * (-p); -u leaves out the final NUL. It prints the fields of the reply, a
 * line each; with -c then "(end of connection)" if the daemon closes the
 * connection within 2 s. The second form opens N connections, prints
 * "ready" and keeps them idle until it is killed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS	16

static int dial(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror(path);
		exit(2);
	}
	return fd;
}

static void send_fields(int sock, char **fields, int n, const int *fds,
			int nfds, int unterminated)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
		struct cmsghdr align;
	} u;
	static char buf[65536];
	struct iovec iov = { buf, 0 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	int i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(fields[i]) + 1;

		memcpy(buf + iov.iov_len, fields[i], len);
		iov.iov_len += len;
	}
	if (unterminated && iov.iov_len)
		iov.iov_len--;
	if (nfds) {
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	if (sendmsg(sock, &mh, 0) < 0) {
		perror("send");
		exit(2);
	}
}

/* Print the reply's fields, through its more=1 messages. */
static void print_reply(int sock)
{
	static char buf[65536];
	ssize_t n;
	char *f;
	int more;

	do {
		n = recv(sock, buf, sizeof(buf) - 1, 0);
		if (n <= 0) {
			printf("(end of connection)\n");
			return;
		}
		buf[n] = '\0';
		more = 0;
		for (f = buf; f < buf + n; f += strlen(f) + 1) {
			printf("%s\n", f);
			more |= !strcmp(f, "more=1");
		}
	} while (more);
}

/* Print "(end of connection)" if the daemon closes it soon. */
static void wait_close(int sock)
{
	struct timeval timeout = { .tv_sec = 2 };
	char c;

	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	if (!recv(sock, &c, 1, 0))
		printf("(end of connection)\n");
}

int main(int argc, char **argv)
{
	int fds[MAX_FDS], nfds = 0, unterminated = 0, idle = 0, closes = 0;
	int c, sock;

	while ((c = getopt(argc, argv, "f:p:uci:")) != -1) {
		switch (c) {
		case 'f':
		case 'p':
			if (nfds == MAX_FDS)
				return 2;
			fds[nfds] = open(optarg, c == 'f' ? O_RDWR : O_PATH);
			if (fds[nfds++] < 0) {
				perror(optarg);
				return 2;
			}
			break;
		case 'u':
			unterminated = 1;
			break;
		case 'c':
			closes = 1;
			break;
		case 'i':
			idle = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "usage: rawclient SOCKET [-f FILE]... [-p FILE]... [-u] [-c] [FIELD...] | -i N\n");
		return 2;
	}
	if (idle) {
		while (idle--)
			dial(argv[optind]);
		printf("ready\n");
		fflush(stdout);
		pause();
		return 0;
	}
	sock = dial(argv[optind]);
	send_fields(sock, argv + optind + 1, argc - optind - 1, fds, nfds,
		    unterminated);
	print_reply(sock);
	if (closes)
		wait_close(sock);
	return 0;
}
