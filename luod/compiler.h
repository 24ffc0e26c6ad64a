/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few compiler helpers luod shares, named as in the kernel.
 */
#ifndef LUOD_COMPILER_H
#define LUOD_COMPILER_H

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
