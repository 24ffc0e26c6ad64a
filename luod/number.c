// SPDX-License-Identifier: GPL-2.0
#include "number.h"

int parse_uint(const char *s, unsigned long long max, unsigned long long *v)
{
	unsigned long long n = 0;
	unsigned int d;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned int)(*s - '0');
		if (n > (max - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*v = n;
	return 0;
}
