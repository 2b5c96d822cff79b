/* test_memfd - memfd_text(): a memory file's whole text, read from its
 * start whatever its offset, bounded, NULL when empty. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ovtsh/memfd.h"
#include "t.h"

int main(void)
{
	int fd = memfd_create("test", MFD_CLOEXEC);
	size_t len = 99;
	char *t;

	T_CHECK(fd >= 0);
	T_CHECK(memfd_text(fd, 0, &len) == NULL);       /* empty */
	T_INTEQ((int)len, 0);
	T_CHECK(write(fd, "ab\ncd\n", 6) == 6);         /* offset at its end */
	t = memfd_text(fd, 0, &len);
	T_STREQ(t, "ab\ncd\n");
	T_INTEQ((int)len, 6);
	free(t);
	T_CHECK(memfd_text(fd, 5, &len) == NULL);       /* over the bound */
	t = memfd_text(fd, 6, NULL);                    /* at it; no len */
	T_STREQ(t, "ab\ncd\n");
	free(t);
	close(fd);
	T_CHECK(memfd_text(fd, 0, &len) == NULL);       /* not a file */
	T_DONE();
}
