/* docker.h - Docker Engine API client (libcurl over the unix socket,
 * jansson for JSON).  Never prints; 0/-errno plus struct ovt_err.
 */
#ifndef OVTSH_DOCKER_H
#define OVTSH_DOCKER_H

#include <sys/types.h>

#include "ovtsh/err.h"

/* PID of a running container's init, for /proc/PID/ns/net.
 * -ENOENT: no such container; -ESRCH: not running; -ECONNREFUSED etc.:
 * daemon unreachable (message says so). */
int docker_container_pid(const char *name, pid_t *pid, struct ovt_err *e);

#endif
