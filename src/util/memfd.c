/* memfd.c - see ovtsh/memfd.h. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovtsh/memfd.h"

char *memfd_text(int fd, size_t max, size_t *len)
{
	struct stat st;
	ssize_t n = 0;
	char *buf;

	if (len)
		*len = 0;
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    (max && (size_t)st.st_size > max) ||
	    !(buf = malloc((size_t)st.st_size + 1)))
		return NULL;
	n = pread(fd, buf, (size_t)st.st_size, 0);
	if (n <= 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = (size_t)n;
	return buf;
}
