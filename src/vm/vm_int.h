/* vm_int.h - what the files of src/vm/ share. */
#ifndef OVTSH_VM_INT_H
#define OVTSH_VM_INT_H

#include "ovtsh/vm.h"

/* One end of the agent link, reading whole frames. */
struct vm_link {
	int fd;
	size_t n;                          /* bytes in buf */
	uint8_t buf[VM_FR_HDR + VM_FR_MAX];
	struct vm_frame cur;               /* the frame last returned */
	size_t cur_size;                   /* its size, dropped next time */
};

/* The next frame into l->cur: 1, or 0 when timeout_ms passed (-1: no
 * limit), -EINTR when wake_fd (>= 0) became readable, -ECONNRESET at
 * the end of the stream, -EPROTO, -errno. */
int vm_link_next(struct vm_link *l, int wake_fd, int timeout_ms);
/* Send one frame (the payload may be NULL when len is 0). */
int vm_link_send(struct vm_link *l, uint8_t type, uint32_t id,
		 const void *data, uint32_t len);

/* VM_RUN_DIR/NAME/FILE into buf; -ENAMETOOLONG when it does not fit a
 * unix socket's path. */
int vm_path(const char *name, const char *file, char *buf, size_t len);
/* Connect to the VM's agent socket and check that the agent answers a
 * ping within timeout_ms: the link's fd, or -errno. */
int vm_agent_connect(const char *name, struct vm_link *l, int timeout_ms,
		     struct ovt_err *e);
/* dir made 0700 when missing; -EPERM unless this user's own and closed
 * to others (it holds what guests boot, or their sockets). */
int vm_dir_make(const char *dir, struct ovt_err *e);
/* Milliseconds from $var (seconds, fractions allowed) or def_s. */
int vm_env_ms(const char *var, int def_s);

#endif
