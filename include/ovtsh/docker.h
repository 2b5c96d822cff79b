/* docker.h - Docker Engine API client (libcurl over the unix socket,
 * jansson for JSON).  Never prints; 0/-errno plus struct ovt_err, whose
 * message carries Docker's own "message" text when the daemon sent one.
 *
 * The socket is /var/run/docker.sock or $DOCKER_HOST (unix://PATH).  The
 * API version is negotiated once per socket: min(server's ApiVersion,
 * DOCKER_API_MAX).  Every call has a timeout.  A daemon that cannot be
 * reached gives -ECONNREFUSED and "Docker daemon not reachable at PATH:
 * <why>"; a socket this user may not connect to gives -EACCES (there is a
 * daemon: its containers are not "none").
 */
#ifndef OVTSH_DOCKER_H
#define OVTSH_DOCKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ovtsh/err.h"
#include "ovtsh/node.h"

#define DOCKER_API_MAX "1.41"    /* newest API version ovtsh speaks */
#define DOCKER_API_MIN "1.25"    /* oldest (filters, NetworkMode none) */

/* Exec/attach stream output: the demultiplexer hands payload to a sink. */
enum docker_stream { DOCKER_STDIN = 0, DOCKER_STDOUT = 1, DOCKER_STDERR = 2 };
typedef int (*docker_sink)(void *arg, enum docker_stream s, const char *p,
			   size_t n);

/* One container as inspect or list reads it. */
struct docker_ct {
	char id[72];
	char name[128];         /* without Docker's leading '/' */
	char image[256];        /* Config.Image: what it was created from */
	char state[32];         /* created, running, exited, ... */
	bool running;
	pid_t pid;              /* 0 unless running (inspect only) */
	bool has_lab;           /* carries the LAB_LABEL label */
	char lab[128];          /* its value */
};

struct docker_ct_list {
	struct docker_ct *v;
	size_t n;
};
void docker_ct_list_free(struct docker_ct_list *l);

/* What a new lab container is made of. */
struct docker_create {
	const char *name;
	const char *image;
	const char *hostname;   /* NULL: name */
	const char *lab;        /* value of the LAB_LABEL label, NULL: none */
};

/* PID of a running container's init, for /proc/PID/ns/net.
 * -ENOENT: no such container; -ESRCH: not running; -ECONNREFUSED etc.:
 * daemon unreachable (message says so).  Waits for a pending
 * docker_start_async() of that container first. */
int docker_container_pid(const char *name, pid_t *pid, struct ovt_err *e);

int docker_inspect(const char *name, struct docker_ct *ct, struct ovt_err *e);
/* docker_inspect of a lab container: -EEXIST with why when it is
 * another lab's or was not made by ovtsh (src/docker/kind.c). */
int docker_inspect_lab(const char *name, struct docker_ct *ct,
		       struct ovt_err *e);
/* The container node kind, which this module registers. */
extern const struct node_kind docker_ct_kind;
/* Containers (all states) whose LAB_LABEL label is lab (NULL: any lab),
 * sorted by name. */
int docker_list_lab(const char *lab, struct docker_ct_list *l,
		    struct ovt_err *e);
/* -ENOENT: no such image ("no image 'X'", with how to build it). */
int docker_create(const struct docker_create *c, struct ovt_err *e);
int docker_start(const char *name, struct ovt_err *e);   /* running: 0 */
int docker_stop(const char *name, struct ovt_err *e);    /* stopped: 0 */
int docker_restart(const char *name, struct ovt_err *e);
int docker_kill(const char *name, int sig, struct ovt_err *e);
/* Remove (force: also when running). */
int docker_remove(const char *name, bool force, struct ovt_err *e);
/* Remove every name, several at a time; the first error is reported. */
int docker_remove_many(const char *const *names, size_t n,
		       struct ovt_err *e);

/* Start in a worker thread and return at once: the caller goes on with
 * the next container while dockerd and runc work on this one.  Anything
 * that needs the container running (docker_container_pid, inspect, stop,
 * exec...) waits for it first and gets its error, if any, once.
 * docker_join_all() lets every start finish (lists do, and exit does);
 * docker_wait_all() also hands over the first failure not yet told.
 * src/docker/async.c holds these and every call above that waits for a
 * pending start: the one facade over container.c's synchronous calls. */
int docker_start_async(const char *name, struct ovt_err *e);
int docker_wait(const char *name, struct ovt_err *e);
void docker_join_all(void);
int docker_wait_all(struct ovt_err *e);

/* Run argv inside a running container.  Its stdout/stderr go to sink as
 * they come when sink is given, else they are collected into r->out and
 * r->err (malloc'ed, NUL-terminated; free with docker_exec_res_free).
 * Ctrl-C (ovtsh/cancel.h) stops it with -EINTR "interrupted", its
 * command killed. */
struct docker_exec_res {
	char *out;
	size_t out_len;
	char *err;
	size_t err_len;
	int status;             /* the command's exit code */
};
int docker_exec(const char *name, const char *const *argv,
		docker_sink sink, void *sink_arg, struct docker_exec_res *r,
		struct ovt_err *e);
void docker_exec_res_free(struct docker_exec_res *r);

/* Image "repo[:tag]" exists locally: 0, -ENOENT when missing. */
int docker_image_exists(const char *image, struct ovt_err *e);
/* Local images' "repo:tag" names; free with docker_names_free(). */
int docker_image_list(char ***tags, size_t *n, struct ovt_err *e);
void docker_names_free(char **v, size_t n);
/* POST /images/create?fromSrc=- : import a root filesystem tar read from
 * fd as image repo[:tag], with an optional default command (argv). */
int docker_image_import(const char *image, int fd, const char *const *cmd,
			struct ovt_err *e);

/* ---- pure parsers and the exec stream demultiplexer (unit tested) ---- */

/* Docker's error body {"message": "..."}: copy the text to buf. */
int docker_parse_error(const char *body, size_t len, char *buf, size_t sz);
/* GET /version: the server's ApiVersion ("1.41"). */
int docker_parse_version(const char *body, size_t len, char *ver, size_t sz,
			 struct ovt_err *e);
/* "labbox" and "labbox:latest" name the same image; "reg:5000/x" has
 * no tag but a registry port. */
bool docker_image_same(const char *a, const char *b);
/* Compare "1.41" style versions: <0, 0, >0. */
int docker_api_cmp(const char *a, const char *b);
int docker_parse_inspect(const char *body, size_t len, struct docker_ct *ct,
			 struct ovt_err *e);
int docker_parse_list(const char *body, size_t len, struct docker_ct_list *l,
		      struct ovt_err *e);
/* The last status line of an image import stream; a line with "error"
 * fails with its text. */
int docker_parse_import(const char *body, size_t len, struct ovt_err *e);

/* Exec/attach stream without a TTY: frames of an 8-byte header
 * {stream, 0, 0, 0, size32 big-endian} and size bytes of payload.  Fed
 * in pieces of any size; each payload piece goes to the sink. */
struct docker_demux {
	uint8_t hdr[8];
	size_t hdr_len;         /* header bytes seen of the current frame */
	uint32_t left;          /* payload bytes still to come */
	bool bad;               /* an invalid stream byte was seen */
};
void docker_demux_init(struct docker_demux *d);
/* 0, or -EPROTO on an invalid header (then every later feed fails too). */
int docker_demux_feed(struct docker_demux *d, const void *buf, size_t len,
		      docker_sink sink, void *arg);
/* True when the stream ended at a frame boundary. */
bool docker_demux_complete(const struct docker_demux *d);

#endif
