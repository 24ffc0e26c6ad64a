/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Work that runs beside the daemon's event loop, in a thread of its own:
 * the loop polls its event_fd and collects it with job_wait().
 */
#ifndef LUOD_JOB_H
#define LUOD_JOB_H

#include <pthread.h>

struct job {
	pthread_t thread;
	int event_fd;		/* readable once @fn has returned */
	int done_fd;		/* the thread's end of the pipe */
	void (*fn)(void *arg);
	void *arg;
};

/* Run @fn(@arg) in a new thread. Returns 0, or -1 with a message. */
int job_start(struct job *j, void (*fn)(void *arg), void *arg);
/* Wait for the job to end (at once when event_fd is readable). */
void job_wait(struct job *j);

#endif
