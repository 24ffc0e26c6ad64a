// SPDX-License-Identifier: GPL-2.0
/*
 * A thread per job and an eventfd that says it is done. The thread
 * inherits the daemon's blocked signals, so signals still go to the
 * signalfd of the event loop.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "error.h"
#include "job.h"

static void *run(void *arg)
{
	struct job *j = arg;
	uint64_t one = 1;

	j->fn(j->arg);
	if (write(j->event_fd, &one, sizeof(one)) < 0)
		return NULL;
	return NULL;
}

int job_start(struct job *j, void (*fn)(void *arg), void *arg)
{
	int err;

	j->fn = fn;
	j->arg = arg;
	j->event_fd = eventfd(0, EFD_CLOEXEC);
	if (j->event_fd < 0)
		return fail_errno(errno, "eventfd");
	err = pthread_create(&j->thread, NULL, run, j);
	if (err) {
		close(j->event_fd);
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
