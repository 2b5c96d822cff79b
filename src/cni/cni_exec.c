/* cni_exec.c - delegate to another plugin (IPAM) the way the
 * specification says: found in CNI_PATH, the same environment and
 * stdin, its result or error object read from its stdout. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovtsh/cni.h"

#define CNI_OUT_MAX (1 << 20)

const char *cni_find(const char *cni_path, const char *type, char *buf,
		     size_t len)
{
	const char *p = cni_path, *end;

	if (!p || !type || !*type || strchr(type, '/'))
		return NULL;
	for (; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end == p)
			continue;
		if ((size_t)snprintf(buf, len, "%.*s/%s", (int)(end - p), p,
				     type) < len &&
		    access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

/* The child: stdin from in_fd, stdout to out_fd, the extra variables
 * set, then the plugin.  Only async-signal-safe calls but setenv (the
 * parent is single-threaded). */
static void cni_child(const char *path, const char *const *set, int in_fd,
		      int out_fd)
{
	char *const argv[] = { (char *)path, NULL };

	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0)
		_exit(127);
	for (; set && *set; set++) {
		const char *eq = strchr(*set, '=');
		char k[64];

		if (!eq || (size_t)(eq - *set) >= sizeof(k))
			continue;
		memcpy(k, *set, (size_t)(eq - *set));
		k[eq - *set] = '\0';
		setenv(k, eq + 1, 1);
	}
	execv(path, argv);
	_exit(127);
}

/* Write in to fd whole (a plugin's configuration: small), then close. */
static int cni_write_all(int fd, const char *in, size_t len)
{
	while (len) {
		ssize_t n = write(fd, in, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		in += n;
		len -= (size_t)n;
	}
	return 0;
}

static int cni_read_all(int fd, char **out)
{
	size_t len = 0, cap = 4096;
	char *b = malloc(cap), *nb;
	ssize_t n;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= CNI_OUT_MAX) {
				free(b);
				return -EFBIG;
			}
			nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
		n = read(fd, b + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(b);
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	b[len] = '\0';
	*out = b;
	return 0;
}

/* A failed plugin's error object, or what its exit said. */
static int cni_exec_error(const char *type, const char *out, int st,
			  struct cni_error *er)
{
	json_t *j = out ? json_loads(out, 0, NULL) : NULL;
	json_t *code = json_object_get(j, "code");
	const char *msg = json_string_value(json_object_get(j, "msg"));
	const char *det = json_string_value(json_object_get(j, "details"));
	int r;

	if (json_is_integer(code) && json_integer_value(code) > 0)
		r = cni_fail(er, (int)json_integer_value(code), msg ? msg :
			     "delegated plugin failed", "%s%s%s", type,
			     det && *det ? ": " : "", det ? det : "");
	else
		r = cni_fail(er, CNI_E_IO, "delegated plugin failed",
			     "%s exited with status %d and no error object",
			     type, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	json_decref(j);
	return r;
}

int cni_exec_start(const char *cni_path, const char *type,
		   const char *const *set, const char *in, size_t inlen,
		   struct cni_job *j, struct cni_error *er)
{
	int ip[2] = { -1, -1 }, op[2] = { -1, -1 }, r = 0;
	char path[4096];

	j->pid = -1;
	j->fd = -1;
	snprintf(j->type, sizeof(j->type), "%s", type);
	if (!cni_find(cni_path, type, path, sizeof(path)))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "plugin '%s' not found in "
				"CNI_PATH %s", type, cni_path ? cni_path : "");
	if (pipe2(ip, O_CLOEXEC) < 0 || pipe2(op, O_CLOEXEC) < 0) {
		r = cni_fail(er, CNI_E_IO, "I/O failure", "pipe: %s",
			     strerror(errno));
		goto out;
	}
	j->pid = fork();
	if (j->pid < 0) {
		r = cni_fail(er, CNI_E_IO, "I/O failure", "fork: %s",
			     strerror(errno));
		goto out;
	}
	if (j->pid == 0)
		cni_child(path, set, ip[0], op[1]);
	/* a plugin that exits without reading must not kill us */
	signal(SIGPIPE, SIG_IGN);
	/* a configuration is far smaller than a pipe's buffer: written
	 * whole now, the plugin reads it while the caller works */
	cni_write_all(ip[1], in, inlen);
	j->fd = op[0];
	op[0] = -1;
out:
	for (int i = 0; i < 2; i++) {
		if (ip[i] >= 0)
			close(ip[i]);
		if (i == 1 && op[i] >= 0)
			close(op[i]);
	}
	if (op[0] >= 0)
		close(op[0]);
	return r;
}

int cni_exec_wait(struct cni_job *j, char **out, struct cni_error *er)
{
	char *buf = NULL;
	int st = 0, r;

	*out = NULL;
	if (j->pid <= 0)
		return cni_fail(er, CNI_E_IO, "I/O failure", "no %s running",
				j->type);
	r = cni_read_all(j->fd, &buf);
	close(j->fd);
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	j->pid = -1;
	j->fd = -1;
	if (r < 0)
		r = cni_fail(er, CNI_E_IO, "I/O failure", "reading %s: %s",
			     j->type, strerror(-r));
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		r = cni_exec_error(j->type, buf, st, er);
	if (r) {
		free(buf);
		return r;
	}
	*out = buf;
	return 0;
}

int cni_exec(const char *cni_path, const char *type, const char *const *set,
	     const char *in, size_t inlen, char **out, struct cni_error *er)
{
	struct cni_job j;
	int r;

	*out = NULL;
	r = cni_exec_start(cni_path, type, set, in, inlen, &j, er);
	return r ? r : cni_exec_wait(&j, out, er);
}
