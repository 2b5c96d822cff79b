/* docker.c - INTERIM: replaced by the Docker Engine API client. */
#include <errno.h>

#include "ovtsh/docker.h"

int docker_container_pid(const char *name, pid_t *pid, struct ovt_err *e)
{
	(void)pid;
	return ovt_err_set(e, ENOSYS, "container '%s': docker client not built",
			   name);
}
