/* exec.c - run a command inside a container and collect its output and
 * exit code: POST /containers/NAME/exec, POST /exec/ID/start (a raw
 * stream of 8-byte-header frames, see docker_demux_feed), then
 * GET /exec/ID/json for ExitCode.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "docker_int.h"
#include "ovtsh/cancel.h"

#define EXEC_OUT_MAX (16u << 20)   /* keep at most 16 MiB per stream */

struct exec_buf {
	char *p;
	size_t len, cap;
};

struct exec_sink {
	struct exec_buf out, err;
};

static int exec_append(struct exec_buf *b, const char *p, size_t n)
{
	if (b->len + n > EXEC_OUT_MAX)
		n = EXEC_OUT_MAX - b->len;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *nb;

		while (cap < b->len + n + 1)
			cap *= 2;
		nb = realloc(b->p, cap);
		if (!nb)
			return -ENOMEM;
		b->p = nb;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int exec_sink_fn(void *arg, enum docker_stream s, const char *p,
			size_t n)
{
	struct exec_sink *k = arg;

	return exec_append(s == DOCKER_STDERR ? &k->err : &k->out, p, n);
}

/* POST /containers/NAME/exec: the exec instance's id. */
static int exec_create(const char *name, const char *const *argv,
		       char *id, size_t sz, struct ovt_err *e)
{
	struct docker_req q = { .method = "POST", .upload_fd = -1,
				.what = "exec" };
	struct docker_resp r = { 0 };
	char path[512], *body = NULL;
	json_t *j, *cmd, *reply = NULL;
	const char *s;
	int ret;

	cmd = json_array();
	for (size_t i = 0; cmd && argv[i]; i++)
		json_array_append_new(cmd, json_string(argv[i]));
	j = json_pack("{s:b, s:b, s:b, s:o}", "AttachStdin", 0,
		      "AttachStdout", 1, "AttachStderr", 1, "Cmd", cmd);
	body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!body)
		return ovt_err_set(e, ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "/containers/%s/exec", name);
	q.path = path;
	q.body = body;
	ret = docker_call(&q, &r, e);
	if (ret == -ENOENT) {
		ret = ovt_err_set(e, ENOENT, "no container '%s'", name);
		goto out;
	}
	if (ret == -EEXIST && e && strstr(e->msg, "is not running")) {
		/* 409: "Container <id> is not running" (paused: its own) */
		ret = ovt_err_set(e, ESRCH, "container '%s' is not running",
				  name);
		goto out;
	}
	if (ret < 0) {
		docker_err_prefix(ret, e, "container '%s': exec", name);
		goto out;
	}
	reply = json_loadb(r.body ? r.body : "", r.len, 0, NULL);
	s = json_string_value(json_object_get(reply, "Id"));
	if (!s) {
		ret = ovt_err_set(e, EPROTO, "container '%s': exec: no Id in "
				  "the reply", name);
		goto out;
	}
	snprintf(id, sz, "%s", s);
out:
	json_decref(reply);
	docker_resp_free(&r);
	free(body);
	return ret;
}

/* The exec's state: exit code once it ended, else its host pid. */
static int exec_inspect(const char *id, int *status, pid_t *pid,
			struct ovt_err *e)
{
	struct docker_req q = { .method = "GET", .upload_fd = -1,
				.what = "exec inspect" };
	struct docker_resp r = { 0 };
	json_t *reply = NULL, *code;
	char path[256];
	int ret;

	snprintf(path, sizeof(path), "/exec/%s/json", id);
	q.path = path;
	ret = docker_call(&q, &r, e);
	if (ret < 0)
		goto out;
	reply = json_loadb(r.body ? r.body : "", r.len, 0, NULL);
	code = json_object_get(reply, "ExitCode");
	if (pid && json_is_true(json_object_get(reply, "Running"))) {
		*pid = (pid_t)json_integer_value(json_object_get(reply, "Pid"));
		goto out;
	}
	if (json_is_true(json_object_get(reply, "Running")) ||
	    !json_is_integer(code)) {
		ret = ovt_err_set(e, EPROTO, "exec: no exit code");
		goto out;
	}
	*status = (int)json_integer_value(code);
out:
	json_decref(reply);
	docker_resp_free(&r);
	return ret;
}

int docker_exec(const char *name, const char *const *argv,
		docker_sink sink, void *sink_arg, struct docker_exec_res *res,
		struct ovt_err *e)
{
	struct docker_req q = { .method = "POST", .upload_fd = -1,
				.what = "exec start",
				.body = "{\"Detach\":false,\"Tty\":false}",
				.timeout_ms = DOCKER_EXEC_TIMEOUT_MS,
				.cancel = true };
	struct exec_sink k = { { 0 }, { 0 } };
	struct docker_resp r = { 0 };
	char id[128], path[256];
	int ret;

	memset(res, 0, sizeof(*res));
	if (!argv || !argv[0])
		return ovt_err_set(e, EINVAL, "exec: no command");
	ret = docker_wait(name, e);
	if (ret < 0)
		return ret;
	ret = exec_create(name, argv, id, sizeof(id), e);
	if (ret < 0)
		return ret;
	snprintf(path, sizeof(path), "/exec/%s/start", id);
	q.path = path;
	q.sink = sink ? sink : exec_sink_fn;
	q.sink_arg = sink ? sink_arg : &k;
	ret = docker_call(&q, &r, e);
	if (ret == -ETIMEDOUT)
		ret = ovt_err_set(e, ETIMEDOUT, "still running after %ld s: "
				  "stopped", DOCKER_EXEC_TIMEOUT_MS / 1000);
	else if (ret == -EINTR)
		ret = ovt_err_set(e, EINTR, "interrupted");
	if (ret == -EINTR || ret == -ETIMEDOUT) {
		/* Ctrl-C or too long: Docker has no call to stop an exec;
		 * Pid is the host's view of its process, so signal it (the
		 * inspect is not a cancellable call) */
		pid_t pid = 0;
		int st;

		if (exec_inspect(id, &st, &pid, NULL) == 0 && pid > 0)
			kill(pid, SIGKILL);
		if (ret == -EINTR)
			cancel_take();  /* acted on: the call says so */
	}
	if (ret < 0) {
		docker_err_prefix(ret, e, "container '%s': exec", name);
		goto out;
	}
	if (r.demux.bad || !docker_demux_complete(&r.demux)) {
		ret = ovt_err_set(e, EPROTO, "container '%s': exec: malformed "
				  "output stream", name);
		goto out;
	}
	ret = exec_inspect(id, &res->status, NULL, e);
	if (ret < 0)
		goto out;
	res->out = k.out.p;
	res->out_len = k.out.len;
	res->err = k.err.p;
	res->err_len = k.err.len;
	k.out.p = k.err.p = NULL;
out:
	free(k.out.p);
	free(k.err.p);
	docker_resp_free(&r);
	return ret;
}

void docker_exec_res_free(struct docker_exec_res *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}
