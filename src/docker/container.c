/* container.c - container lifecycle over the Engine API: inspect, list by
 * label, create, start, stop, restart, kill, remove.  Synchronous calls
 * only: nothing here waits for a pending start; async.c, the facade the
 * rest of ovtsh calls, waits first and then calls these.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "docker_int.h"
#include "ovtsh/lab.h"
#include "ovtsh/plan.h"
#include "ovtsh/value.h"

/* One call on /containers/NAME<rest>, the name checked first.  A 404 is
 * "no container 'NAME'" when CT_GONE; other failures after the name check
 * say which call failed when CT_PREFIX.  No response body is kept unless
 * r is given (then it must be freed). */
#define CT_GONE   1u
#define CT_PREFIX 2u

static int ct_call(const char *method, const char *name, const char *rest,
		   const char *what, unsigned flags, struct docker_resp *r,
		   struct ovt_err *e)
{
	struct docker_req q = { .method = method, .upload_fd = -1,
				.what = what };
	struct docker_resp own;
	char path[512];
	int ret;

	if (!r)
		r = &own;
	memset(r, 0, sizeof(*r));
	ret = val_name(name, e);
	if (ret < 0)
		return ret;
	snprintf(path, sizeof(path), "/containers/%s%s", name, rest);
	q.path = path;
	ret = docker_call(&q, r, e);
	if (r == &own)
		docker_resp_free(r);
	if (ret == -ENOENT && (flags & CT_GONE))
		ret = ovt_err_set(e, ENOENT, "no container '%s'", name);
	else if (ret < 0 && (flags & CT_PREFIX))
		docker_err_prefix(ret, e, "container '%s': %s", name, what);
	return ret;
}

/* A simple call on /containers/NAME/<verb>: POST with an empty body. */
static int ct_post(const char *name, const char *verb, const char *query,
		   struct ovt_err *e)
{
	char rest[64];

	snprintf(rest, sizeof(rest), "/%s%s", verb, query ? query : "");
	return ct_call("POST", name, rest, verb, CT_PREFIX, NULL, e);
}

int docker_inspect_now(const char *name, struct docker_ct *ct,
		       struct ovt_err *e)
{
	struct docker_resp r;
	int ret;

	ret = ct_call("GET", name, "/json", "inspect", CT_GONE, &r, e);
	if (ret == 0)
		ret = docker_parse_inspect(r.body, r.len, ct, e);
	docker_resp_free(&r);
	return ret;
}

int docker_container_pid_now(const char *name, pid_t *pid, struct ovt_err *e)
{
	struct docker_ct ct;
	int ret;

	ret = docker_inspect_now(name, &ct, e);
	if (ret < 0)
		return ret;
	if (!ct.running || ct.pid <= 0)
		return ovt_err_set(e, ESRCH, "container '%s' is not running "
				   "(%s)", name, ct.state);
	*pid = ct.pid;
	return 0;
}

int docker_list_lab_now(const char *lab, struct docker_ct_list *l,
			struct ovt_err *e)
{
	struct docker_req q = { .method = "GET", .upload_fd = -1,
				.what = "list" };
	struct docker_resp r;
	char filt[512], path[1200], *enc;
	json_t *f;
	int ret;

	l->v = NULL;
	l->n = 0;
	if (lab)
		snprintf(filt, sizeof(filt), LAB_LABEL "=%s", lab);
	else            /* every lab's: the label with any value */
		snprintf(filt, sizeof(filt), LAB_LABEL);
	f = json_pack("{s:[s]}", "label", filt);
	enc = f ? json_dumps(f, JSON_COMPACT) : NULL;
	json_decref(f);
	if (!enc)
		return ovt_err_set(e, ENOMEM, "out of memory");
	snprintf(filt, sizeof(filt), "%s", enc);
	free(enc);
	enc = docker_urlencode(filt);
	if (!enc)
		return ovt_err_set(e, ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "/containers/json?all=1&filters=%s", enc);
	free(enc);
	q.path = path;
	ret = docker_call(&q, &r, e);
	if (ret == 0)
		ret = docker_parse_list(r.body, r.len, l, e);
	docker_resp_free(&r);
	return ret;
}

static json_t *ct_create_body(const struct docker_create *c)
{
	/* --privileged fails on this machine's kernel ("unable to apply
	 * caps"); a lab node needs only these: NET_ADMIN for links,
	 * addresses and routes, NET_RAW for ping and packet sockets,
	 * SYS_ADMIN for sysctl writes such as ip forwarding.
	 * NetworkDisabled (with NetworkMode none): Docker builds no network
	 * sandbox at all - no libnetwork-setkey prestart hook re-executing
	 * dockerd, no bind-mounted sandbox namespace - and runc just makes
	 * a fresh namespace with lo, which ovtsh wires itself.  A start
	 * costs ~40% less.  StopSignal SIGKILL: PID 1 (sleep) ignores
	 * SIGTERM, so stop would otherwise wait out its grace period. */
	return json_pack("{s:s, s:s, s:[s,s], s:s, s:b, s:{s:s*}, "
			 "s:{s:s, s:[s,s,s]}}",
			 "Image", c->image,
			 "Hostname", c->hostname ? c->hostname : c->name,
			 "Cmd", "sleep", "infinity",
			 "StopSignal", "SIGKILL",
			 "NetworkDisabled", 1,
			 "Labels", LAB_LABEL, c->lab,
			 "HostConfig", "NetworkMode", "none",
			 "CapAdd", "NET_ADMIN", "NET_RAW", "SYS_ADMIN");
}

/* Under a plan: "docker create" with the flags ct_create_body sends
 * (but the lab label, a tag like the links' aliases), after the check
 * that the image is there; the node marked for the lines of its mode. */
static void ct_create_said(const struct docker_create *c)
{
	plan_add(PLAN_CREATE, "docker create --name %s --hostname %s "
		 "--network none --cap-add NET_ADMIN --cap-add NET_RAW "
		 "--cap-add SYS_ADMIN --stop-signal SIGKILL %s sleep infinity"
		 "  # and NetworkDisabled (API only: no sandbox at all)",
		 c->name, c->hostname ? c->hostname : c->name, c->image);
}

static int ct_create_plan(const struct docker_create *c, struct ovt_err *e)
{
	char ref[NODE_NAME_MAX + 8];
	int r = docker_image_exists(c->image, e);

	if (r < 0)
		return r;
	ct_create_said(c);
	snprintf(ref, sizeof(ref), "%s:%s", docker_ct_kind.prefix, c->name);
	plan_node_mark(ref);
	return 0;
}

int docker_create(const struct docker_create *c, struct ovt_err *e)
{
	struct docker_req q = { .method = "POST", .upload_fd = -1,
				.what = "create" };
	struct docker_resp r = { 0 };
	char path[512], *body = NULL;
	json_t *j;
	int ret;

	ret = val_name(c->name, e);
	if (ret < 0)
		return ret;
	if (!c->image || !*c->image)
		return ovt_err_set(e, EINVAL, "container '%s': no image",
				   c->name);
	if (plan_active())
		return ct_create_plan(c, e);
	j = ct_create_body(c);
	body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!body)
		return ovt_err_set(e, ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "/containers/create?name=%s", c->name);
	q.path = path;
	q.body = body;
	ret = docker_call(&q, &r, e);
	if (ret == -ENOENT)     /* 404 on create: the image */
		ret = docker_no_image(c->image, e);
	else if (ret < 0)
		docker_err_prefix(ret, e, "container '%s': create", c->name);
	else
		ct_create_said(c);      /* a journal's record */
	docker_resp_free(&r);
	free(body);
	return ret;
}

/* 304: already running - success, the command is idempotent */
int docker_start_now(const char *name, struct ovt_err *e)
{
	return ct_post(name, "start", NULL, e);
}

int docker_stop_now(const char *name, struct ovt_err *e)
{
	return ct_post(name, "stop", "?t=2", e);
}

int docker_restart_now(const char *name, struct ovt_err *e)
{
	return ct_post(name, "restart", "?t=2", e);
}

int docker_kill_now(const char *name, int sig, struct ovt_err *e)
{
	char q[32];

	snprintf(q, sizeof(q), "?signal=%d", sig ? sig : SIGKILL);
	return ct_post(name, "kill", q, e);
}

int docker_remove_now(const char *name, bool force, struct ovt_err *e)
{
	return ct_call("DELETE", name, force ? "?v=1&force=1" : "?v=1",
		       "remove", CT_GONE | CT_PREFIX, NULL, e);
}
