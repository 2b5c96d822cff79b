/* docker_int.h - shared by the files of src/docker/ only: the request layer. */
#ifndef OVTSH_DOCKER_INT_H
#define OVTSH_DOCKER_INT_H


#include "ovtsh/docker.h"

#define DOCKER_TIMEOUT_MS      30000L   /* default for every call */
#define DOCKER_EXEC_TIMEOUT_MS 120000L  /* an exec'ed command's run time */
#define DOCKER_IMPORT_TIMEOUT_MS 300000L

struct docker_req {
	const char *method;
	const char *path;        /* after the version prefix: "/containers/.." */
	const char *body;        /* JSON, or NULL */
	int upload_fd;           /* >= 0: stream this fd as an x-tar body */
	long timeout_ms;         /* 0: DOCKER_TIMEOUT_MS */
	const char *what;        /* for messages: "create", "start" ... */
	docker_sink sink;        /* stream a 2xx body through the demuxer */
	void *sink_arg;
	bool cancel;             /* Ctrl-C (ovtsh/cancel.h) stops it: -EINTR */
};

struct docker_resp {
	long status;
	char *body;              /* NUL-terminated, NULL when empty */
	size_t len, cap;
	docker_sink sink;
	void *sink_arg;
	struct docker_demux demux;
	void *curl;              /* the handle, while the request runs */
};

/* One request with the negotiated version prefix.  HTTP >= 400 fails
 * with Docker's "message" (404 -> ENOENT, 409 -> EEXIST, 400 -> EINVAL);
 * r is filled either way and must be freed. */
int docker_call(const struct docker_req *q, struct docker_resp *r,
		struct ovt_err *e);
void docker_resp_free(struct docker_resp *r);
int docker_sock_path(char *buf, size_t sz, struct ovt_err *e);
int docker_errno(long status);
/* malloc'ed percent-encoding of s for a URL query. */
char *docker_urlencode(const char *s);
/* Prefix e with what failed, except an unreachable or forbidden daemon:
 * that message stands alone ("Docker daemon not reachable at PATH: why"). */
void docker_err_prefix(int ret, struct ovt_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The synchronous calls (container.c), which never wait for a pending
 * start: async.c's facade (docker.h) waits first and calls them, and its
 * workers call start and remove (only the main thread waits). */
int docker_inspect_now(const char *name, struct docker_ct *ct,
		       struct ovt_err *e);
int docker_container_pid_now(const char *name, pid_t *pid, struct ovt_err *e);
int docker_list_lab_now(const char *lab, struct docker_ct_list *l,
			struct ovt_err *e);
int docker_start_now(const char *name, struct ovt_err *e);
int docker_stop_now(const char *name, struct ovt_err *e);
int docker_restart_now(const char *name, struct ovt_err *e);
int docker_kill_now(const char *name, int sig, struct ovt_err *e);
int docker_remove_now(const char *name, bool force, struct ovt_err *e);
/* -ENOENT, "no image 'IMAGE'" with how to build one. */
int docker_no_image(const char *image, struct ovt_err *e);
/* Free the calling thread's curl handle (worker threads, before exit). */
void docker_http_thread_done(void);

#endif
