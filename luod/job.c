// SPDX-License-Identifier: GPL-2.0
/*
 * A thread per job and a pipe that says it is done (a pipe, not an
 * eventfd: the test kernels are built without CONFIG_EVENTFD). The thread
 * inherits the daemon's blocked signals, so signals still go to the
 * signalfd of the event loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "error.h"
#include "job.h"

static void *run(void *arg)
{
	struct job *j = arg;

	j->fn(j->arg);
	/* The end of the pipe makes event_fd readable. */
	close(j->done_fd);
	return NULL;
}

int job_start(struct job *j, void (*fn)(void *arg), void *arg)
{
	int p[2], err;

	j->fn = fn;
	j->arg = arg;
	if (pipe2(p, O_CLOEXEC))
		return fail_errno(errno, "pipe");
	j->event_fd = p[0];
	j->done_fd = p[1];
	err = pthread_create(&j->thread, NULL, run, j);
	if (err) {
		close(p[0]);
		close(p[1]);
		j->event_fd = -1;
		return fail_errno(err, "pthread_create");
	}
	return 0;
}

void job_wait(struct job *j)
{
	pthread_join(j->thread, NULL);
	close(j->event_fd);
	j->event_fd = -1;
}
