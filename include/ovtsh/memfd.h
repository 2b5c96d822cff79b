/* memfd.h - a program's output kept in a memory file (memfd_create), and
 * read back whole once it has ended. */
#ifndef OVTSH_MEMFD_H
#define OVTSH_MEMFD_H

#include <stddef.h>

/* The whole text of memory file fd from its start, NUL-ended (free()
 * it); NULL when it is empty, larger than max bytes (0: no bound) or
 * unreadable.  *len (when len is not NULL) its length, 0 for NULL. */
char *memfd_text(int fd, size_t max, size_t *len);

#endif
