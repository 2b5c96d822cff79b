/* iperf.c - one iperf3 run between two nodes, and its -J output.
 *
 *   server  iperf3 -s -1 -J -p PORT       in the server node, under
 *                                          trace_run() (counting or not)
 *   client  iperf3 -c ADDR -p PORT -J ...  in the client node, forked once
 *                                          the server runs; it waits until
 *                                          the server's own socket listens
 *
 * A traced server shares its tracer's CPU (o->cpu); the client, and an
 * untraced server, are left to the scheduler like any iperf3.
 *
 * The client does not probe the port with connect(): iperf3 -1 would take
 * the probe for its one test.  It reads /proc/SERVER/net/tcp{,6} instead
 * and checks that the listening socket is one of the server's fds, so a
 * port taken by someone else is never mistaken for our server.
 *
 * Outputs go to memfds, read after both processes are gone. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/net.h"
#include "bench_int.h"

#define IPERF_LISTEN_WAIT_MS 5000   /* server must listen within this */
#define IPERF_EXIT_NOLISTEN  90     /* client child: server never listened */
#define IPERF_SERVER_GRACE_S 5      /* server exit after the client's */
/* A server in a remote node (a VM: ovtsh/node.h) has no /proc here to
 * watch for its socket: the client dials until it is not refused.  Its
 * node's own ovtsh, under software emulation, is slower to start and
 * to report. */
#define IPERF_REMOTE_LISTEN_MS 30000
#define IPERF_REMOTE_RETRY_MS  200
#define IPERF_REMOTE_GRACE_S   20
#define IPERF_REMOTE_SLACK_S   60

/* ---- -J output ----------------------------------------------------------- */

static double json_num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(json_object_get(o, a), b);

	return json_is_number(v) ? json_number_value(v) : 0.0;
}

/* A count: negative, NaN or absurd values (a hostile document) give 0
 * rather than an undefined conversion. */
static uint64_t json_count(json_t *o, const char *a, const char *b)
{
	double v = json_num(o, a, b);

	return v >= 0 && v < 9.2e18 ? (uint64_t)v : 0;
}

int bench_iperf_parse(const char *json, size_t len, unsigned length,
		      struct bench_res *r, struct ovt_err *e)
{
	json_error_t jerr;
	json_t *root, *end, *err;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->length = length;
	root = json_loadb(json, len, 0, &jerr);
	if (!root)
		return ovt_err_set(e, EBADMSG, "iperf3 output is not JSON: %s "
				   "(line %d)", jerr.text, jerr.line);
	err = json_object_get(root, "error");
	if (json_is_string(err)) {
		const char *m = json_string_value(err);

		/* the server says "error - unable to ...", the client not */
		if (!strncmp(m, "error - ", 8))
			m += 8;
		ret = ovt_err_set(e, EIO, "%s", m);
		goto out;
	}
	end = json_object_get(root, "end");
	if (!json_object_get(end, "sum_received")) {
		ret = ovt_err_set(e, EBADMSG, "iperf3 output has no "
				  "end.sum_received");
		goto out;
	}
	r->bps = json_num(end, "sum_received", "bits_per_second");
	r->bytes = json_count(end, "sum_received", "bytes");
	r->seconds = json_num(end, "sum_received", "seconds");
	r->retransmits = json_count(end, "sum_sent", "retransmits");
	r->cpu_host = json_num(end, "cpu_utilization_percent", "host_total");
	r->cpu_remote = json_num(end, "cpu_utilization_percent",
				 "remote_total");
	if (length && r->seconds > 0)
		r->blocks_ps = (double)r->bytes / length / r->seconds;
out:
	json_decref(root);
	return ret;
}

/* ---- the server address -------------------------------------------------- */

static int node_first_ipv4(const struct node *n, char *buf, size_t len,
			   struct ovt_err *e)
{
	struct net_addr_info *v = NULL;
	struct net_nl *nl = NULL;
	char b[96];
	int cnt = 0, ret;

	ret = net_open(n, &nl, e);
	if (ret == 0)
		ret = net_addr_list(nl, 0, AF_INET, &v, &cnt, e);
	net_close(nl);
	if (ret < 0)
		return ret;
	ret = ovt_err_set(e, EADDRNOTAVAIL, "%s has no global IPv4 address; "
			  "give one with 'address A.B.C.D'",
			  node_str(n, b, sizeof(b)));
	for (int i = 0; i < cnt; i++)
		if (v[i].scope == RT_SCOPE_UNIVERSE &&
		    inet_ntop(AF_INET, v[i].p.addr, buf, (socklen_t)len)) {
			ovt_err_clear(e);
			ret = 0;
			break;
		}
	free(v);
	return ret;
}

/* The server's interface that holds addr, the one the test traffic
 * arrives on; 0 when no interface of the node holds it. */
static int rx_ifindex_of(const struct node *n, const char *addr, int *ifindex,
			 struct ovt_err *e)
{
	struct net_addr_info *v = NULL;
	struct net_nl *nl = NULL;
	struct in_addr want;
	int cnt = 0, ret;

	*ifindex = 0;
	if (inet_pton(AF_INET, addr, &want) != 1)
		return 0;
	ret = net_open(n, &nl, e);
	if (ret == 0)
		ret = net_addr_list(nl, 0, AF_INET, &v, &cnt, e);
	net_close(nl);
	for (int i = 0; ret == 0 && i < cnt && !*ifindex; i++)
		if (!memcmp(v[i].p.addr, &want, sizeof(want)))
			*ifindex = v[i].ifindex;
	free(v);
	return ret;
}

int bench_server_addr(const struct bench_opts *o, char *buf, size_t len,
		      struct ovt_err *e)
{
	if (o->addr[0]) {
		snprintf(buf, len, "%s", o->addr);
		return 0;
	}
	if (node_eq(&o->server, &o->client)) {
		snprintf(buf, len, "127.0.0.1");
		return 0;
	}
	if (node_is_remote(&o->server))
		return bench_node_addr(&o->server, buf, len, e);
	return node_first_ipv4(&o->server, buf, len, e);
}

/* ---- waiting for the server (runs in the client child) ------------------ */

/* Inodes of sockets listening on port, from one /proc/PID/net file. */
static int listen_inodes(pid_t pid, const char *file, unsigned port,
			 unsigned long *ino, int n, int max)
{
	char path[64], line[512];
	unsigned lport, st;
	unsigned long inode;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid, file);
	fp = fopen(path, "re");
	if (!fp)
		return n;
	while (n < max && fgets(line, sizeof(line), fp)) {
		/* sl local:port rem:port st tx:rx tr:when retrnsmt uid
		 * timeout inode */
		if (sscanf(line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x "
			   "%*x:%*x %*x:%*x %*x %*u %*u %lu", &lport, &st,
			   &inode) == 3 && st == 0x0A && lport == port)
			ino[n++] = inode;
	}
	fclose(fp);
	return n;
}

static bool server_listens(pid_t pid, unsigned port)
{
	unsigned long ino[16];
	char path[300], link[64], want[64];
	struct dirent *d;
	bool found = false;
	DIR *dir;
	int n;

	n = listen_inodes(pid, "tcp", port, ino, 0, 16);
	n = listen_inodes(pid, "tcp6", port, ino, n, 16);
	if (n == 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (d = readdir(dir))) {
		ssize_t l;

		snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)pid,
			 d->d_name);
		l = readlink(path, link, sizeof(link) - 1);
		if (l <= 0)
			continue;
		link[l] = '\0';
		for (int i = 0; i < n && !found; i++) {
			snprintf(want, sizeof(want), "socket:[%lu]", ino[i]);
			found = !strcmp(link, want);
		}
	}
	closedir(dir);
	return found;
}

static void msleep(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

const char *bench_placement(int cpu, char *buf, size_t len)
{
	if (cpu < 0)
		return "placed by the scheduler";
	snprintf(buf, len, "server and tracer on CPU %d", cpu);
	return buf;
}

/* ---- one run ------------------------------------------------------------- */

struct iperf_job {
	const struct bench_opts *o;
	const char *path;               /* iperf3 */
	char *const *argv;              /* the client's */
	int netns;                      /* the client's node (-1: remote) */
	bool remote_server;             /* no /proc of it: dial until not
					   refused */
	const struct trace_run *tr;     /* the server's run: its CPU */
	int out, err;                   /* the client's memfds */
	pid_t client;                   /* -1 once reaped */
	int status;                     /* the client's wait status */
};

static void json_error_of(int fd, char *buf, size_t len);

/* The client in a node of any kind (node_exec), dialling again while a
 * remote server refuses (it does not listen yet): its exit code. */
static int client_dial(const struct iperf_job *j)
{
	struct timespec t0, t1;
	char msg[OVT_ERR_MSG];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct node_exec_res res;
		struct ovt_err e = { 0 };
		int code;

		if (node_exec(&j->o->client, j->argv, j->out, j->err, &res,
			      &e) < 0) {
			dprintf(j->err, "%s\n", e.msg);
			return 127;
		}
		code = WIFEXITED(res.status) ? WEXITSTATUS(res.status) :
		       128 + WTERMSIG(res.status);
		if (!j->remote_server)
			return code;
		/* iperf3 -J may exit 0 with its "error" */
		json_error_of(j->out, msg, sizeof(msg));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!strstr(msg, "Connection refused"))
			return code;
		if ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000 >=
		    IPERF_REMOTE_LISTEN_MS)
			return IPERF_EXIT_NOLISTEN;
		/* the next attempt's output replaces this one's */
		if (ftruncate(j->out, 0) < 0 || lseek(j->out, 0, SEEK_SET) < 0 ||
		    ftruncate(j->err, 0) < 0 || lseek(j->err, 0, SEEK_SET) < 0)
			return 127;
		msleep(IPERF_REMOTE_RETRY_MS);
	}
}

/* The client child: wait for the server's socket, then into its node and
 * exec (a remote node, or a remote server: through client_dial). */
static void __attribute__((noreturn))
client_child(const struct iperf_job *j, pid_t server)
{
	cancel_child();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setpgid(0, 0);
	/* Forked from the pinned tracer: back to ovtsh's own CPUs, where
	 * the scheduler places it as it would place any iperf3. */
	if (j->tr->cpu >= 0)
		sched_setaffinity(0, sizeof(j->tr->allowed), &j->tr->allowed);
	for (int ms = 0; !j->remote_server &&
	     !server_listens(server, j->o->port ? j->o->port :
			     BENCH_PORT_DEFAULT); ms += 10) {
		if (ms >= IPERF_LISTEN_WAIT_MS || kill(server, 0) < 0)
			_exit(IPERF_EXIT_NOLISTEN);
		msleep(10);
	}
	if (j->netns < 0)
		_exit(client_dial(j));
	if (setns(j->netns, CLONE_NEWNET) < 0 || dup2(j->out, 1) < 0 ||
	    dup2(j->err, 2) < 0)
		_exit(127);
	execv(j->path, j->argv);
	_exit(127);
}

static int client_start(pid_t server, void *data, struct ovt_err *e)
{
	struct iperf_job *j = data;

	j->client = fork();
	if (j->client < 0)
		return ovt_err_set(e, errno, "fork: %s", strerror(errno));
	if (j->client == 0)
		client_child(j, server);
	return 0;
}

/* The loop reaped a child that is not traced: ours is the client. */
static int client_done(pid_t pid, int status, void *data)
{
	struct iperf_job *j = data;

	if (pid != j->client)
		return 0;
	j->client = -1;
	j->status = status;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return IPERF_SERVER_GRACE_S;    /* the server ends by itself */
	return -1;                              /* kill the server */
}

/* The server is gone: the client prints its results and ends (or, still
 * waiting for the server to listen, sees it gone); else it is killed, at
 * once after a Ctrl-C. */
static void client_reap(struct iperf_job *j)
{
	for (int ms = 0; j->client > 0; ms += 10) {
		if (waitpid(j->client, &j->status, WNOHANG) == j->client) {
			j->client = -1;
			return;
		}
		if (ms >= IPERF_SERVER_GRACE_S * 1000 || j->tr->interrupted ||
		    cancel_requested())
			break;
		msleep(10);
	}
	if (j->client > 0) {
		kill(j->client, SIGKILL);
		waitpid(j->client, &j->status, 0);
		j->client = -1;
	}
}

/* iperf3's "error" from a -J document, or "". */
static void json_error_of(int fd, char *buf, size_t len)
{
	struct bench_res r;
	struct ovt_err e = { 0 };
	size_t n;
	char *text = memfd_text(fd, BENCH_OUT_MAX, &n);

	buf[0] = '\0';
	if (text && bench_iperf_parse(text, n, 0, &r, &e) == -EIO)
		snprintf(buf, len, "%s", e.msg);
	free(text);
}

/* Turn what happened into one message, most specific first. */
static int iperf_outcome(const struct iperf_job *j, const struct trace_run *tr,
			 int srv_out, struct bench_res *r, struct ovt_err *e)
{
	unsigned port = j->o->port ? j->o->port : BENCH_PORT_DEFAULT;
	char serr[OVT_ERR_MSG], cerr[OVT_ERR_MSG];
	int code = WIFEXITED(j->status) ? WEXITSTATUS(j->status) : -1;
	size_t n;
	char *text;
	int ret;

	if (tr->interrupted)
		return ovt_err_set(e, EINTR, "interrupted");
	json_error_of(srv_out, serr, sizeof(serr));
	json_error_of(j->out, cerr, sizeof(cerr));
	if (serr[0])
		return ovt_err_set(e, EIO, "iperf3 server: %s", serr);
	if (code == IPERF_EXIT_NOLISTEN)
		return ovt_err_set(e, ETIMEDOUT, "iperf3 server did not listen "
				   "on port %u within %d ms (exit status %d)",
				   port, IPERF_LISTEN_WAIT_MS, tr->exit_status);
	if (cerr[0])
		return ovt_err_set(e, EIO, "iperf3 client: %s", cerr);
	if (code != 0)
		return ovt_err_set(e, EIO, "iperf3 client %s %d",
				   code < 0 ? "killed by signal" :
				   "exited with status",
				   code < 0 ? WTERMSIG(j->status) : code);
	if (tr->timed_out)
		return ovt_err_set(e, ETIMEDOUT, "iperf3 did not finish in "
				   "time");
	text = memfd_text(j->out, BENCH_OUT_MAX, &n);
	ret = text ? bench_iperf_parse(text, n, j->o->length, r, e) :
		     ovt_err_set(e, EIO, "iperf3 client printed nothing");
	free(text);
	return ret;
}

int bench_check(struct bench_opts *o, struct ovt_err *e)
{
	const struct node *nodes[2] = { &o->server, &o->client };
	char path[4096];
	int ret = trace_which("iperf3", path, sizeof(path), e);

	for (int i = 0; ret == 0 && i < 2; i++) {
		int fd;

		/* a remote node is there when it is the lab's */
		if (node_is_remote(nodes[i])) {
			ret = node_lab_check(nodes[i], e);
			continue;
		}
		fd = node_netns_open(nodes[i], e);
		if (fd < 0)
			ret = fd;
		else
			close(fd);
	}
	if (ret == 0 && node_is_remote(&o->server) &&
	    node_eq(&o->server, &o->client))
		ret = ovt_err_set(e, EINVAL, "server and client in the same "
				  "%s: its agent runs one program at a time; "
				  "run iperf3 there with exec",
				  node_kind_name(o->server.kind));
	/* Once for every run of the command: no netlink dump in the
	 * server's node per run, and every run dials the same address. */
	if (ret == 0 && !o->addr[0])
		ret = bench_server_addr(o, o->addr, sizeof(o->addr), e);
	/* a remote server's counters are in its own kernel: none */
	if (ret == 0 && !node_is_remote(&o->server))
		ret = rx_ifindex_of(&o->server, o->addr, &o->rx_ifindex, e);
	return ret;
}

/* Counters of the receiving interface, read around a run; a failure
 * only loses the packet count, never the run. */
static void rx_read(struct net_nl *nl, int ifindex, struct net_link_stats *st)
{
	struct ovt_err e = { 0 };

	if (!nl || net_link_stats(nl, ifindex, st, &e) < 0)
		memset(st, 0, sizeof(*st));
}

static void rx_account(struct bench_res *r, const struct net_link_stats *a,
		       const struct net_link_stats *b)
{
	r->packets_ps = -1;
	if (!b->rx_packets || b->rx_packets < a->rx_packets)
		return;
	r->rx_packets = b->rx_packets - a->rx_packets;
	r->mtu = b->mtu;
	if (r->rx_packets)
		r->pkt_bytes = (double)(b->rx_bytes - a->rx_bytes) /
			       (double)r->rx_packets;
	if (r->seconds > 0)
		r->packets_ps = (double)r->rx_packets / r->seconds;
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

/* Until the remote server's helper ends: a failed client, Ctrl-C or the
 * deadline kill it (and so the server in its node); a client that
 * succeeded leaves it IPERF_REMOTE_GRACE_S to report. */
static int server_remote_wait(struct iperf_job *j, pid_t spid,
			      struct trace_run *tr, unsigned deadline_s)
{
	long end = now_ms() + deadline_s * 1000L;
	int st = 0;

	while (waitpid(spid, &st, WNOHANG) != spid) {
		if (j->client > 0 &&
		    waitpid(j->client, &j->status, WNOHANG) == j->client) {
			if (client_done(j->client, j->status, j) < 0)
				kill(-spid, SIGKILL);
			else
				end = now_ms() + IPERF_REMOTE_GRACE_S * 1000L;
		}
		if (cancel_requested()) {
			tr->interrupted = cancel_take();
			kill(-spid, SIGKILL);
		}
		if (now_ms() > end && !tr->timed_out) {
			tr->timed_out = true;
			kill(-spid, SIGKILL);
		}
		msleep(20);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The server in a remote node: iperf3 there, traced by that node's own
 * ovtsh (trace_remote_line) unless spec says count_none; its summary
 * read back into tr.  -errno when it could not be started; a summary
 * that did not come lands in terr (the client's error, if any, says
 * more). */
static int server_remote(struct iperf_job *j, const struct trace_spec *spec,
			 struct trace_run *tr, int srv_err, unsigned deadline_s,
			 struct ovt_err *terr, struct ovt_err *e)
{
	char line[1024], *targv[] = { "ovtsh", "-c", line, NULL };
	char *const *argv = spec->argv;
	char last[OVT_ERR_MSG], nb[96], *text;
	size_t tl;
	pid_t spid;
	int r, code;

	if (!spec->count_none) {
		r = trace_remote_line(spec, line, sizeof(line), e);
		if (r < 0)
			return r;
		argv = targv;
	}
	r = node_spawn(&j->o->server, argv, spec->stdout_fd, srv_err, &spid,
		       e);
	if (r < 0)
		return r;
	r = client_start(spid, j, e);
	if (r < 0) {
		kill(-spid, SIGKILL);
		waitpid(spid, NULL, 0);
		return r;
	}
	code = server_remote_wait(j, spid, tr, deadline_s);
	tr->exit_status = code;
	if (spec->count_none || tr->interrupted)
		return 0;
	text = memfd_text(spec->stdout_fd, BENCH_OUT_MAX, &tl);
	if (trace_remote_read(text, tl, tr, terr) < 0) {
		free(text);
		text = memfd_text(srv_err, BENCH_OUT_MAX, &tl);
		trace_remote_errline(text, last, sizeof(last));
		if (!code || !last[0])
			snprintf(last, sizeof(last), "%s", terr->msg);
		ovt_err_set(terr, terr->code, "%s: its tracer: %s",
			    node_str(&j->o->server, nb, sizeof(nb)), last);
	}
	free(text);
	return 0;
}

int bench_iperf_run(const struct bench_opts *o, struct bench_res *r,
		    struct trace_stats *stats, struct ovt_err *e)
{
	char path[4096], addr[64], port[16], len[16], secs[16];
	/* -i 0: one interval, so the output stays small whatever -t */
	char *sargv[] = { path, "-s", "-1", "-J", "-i", "0", "-p", port,
			  NULL };
	char *cargv[20];
	struct iperf_job j = { .o = o, .path = path, .argv = cargv,
			       .netns = -1, .out = -1, .err = -1,
			       .client = -1, .status = -1 };
	struct trace_spec spec = { .argv = sargv, .netns_fd = -1,
				   .stdin_fd = -1, .stdout_fd = -1,
				   .stderr_fd = -1, .new_pgrp = true,
				   .filter = o->filter,
				   .count_none = !o->trace,
				   .cpu = o->cpu, .method = o->method };
	struct trace_run tr = { .spec = &spec,
				.stats = o->trace ? stats : NULL };
	struct trace_hooks h = { .ready = client_start,
				 .on_child = client_done, .data = &j };
	struct net_link_stats rx[2];
	struct net_nl *nl = NULL;
	struct ovt_err nle = { 0 }, terr = { 0 };
	bool remote = node_is_remote(&o->server);
	int srv_err = -1, ret, n = 0;

	j.tr = &tr;
	j.remote_server = remote;
	memset(r, 0, sizeof(*r));
	r->length = o->length;
	ret = trace_which("iperf3", path, sizeof(path), e);
	if (ret < 0)
		return ret;
	ret = bench_server_addr(o, addr, sizeof(addr), e);
	if (ret < 0)
		return ret;
	snprintf(port, sizeof(port), "%u", o->port ? o->port :
		 BENCH_PORT_DEFAULT);
	snprintf(secs, sizeof(secs), "%u", o->seconds ? o->seconds : 10);
	snprintf(len, sizeof(len), "%u", o->length);
	/* a remote node runs its own iperf3, found in its PATH */
	cargv[n++] = node_is_remote(&o->client) ? "iperf3" : path;
	if (remote)
		sargv[0] = "iperf3";
	cargv[n++] = "-c";
	cargv[n++] = addr;
	cargv[n++] = "-p";
	cargv[n++] = port;
	cargv[n++] = "-J";
	cargv[n++] = "-i";
	cargv[n++] = "0";
	cargv[n++] = "-t";
	cargv[n++] = secs;
	cargv[n++] = "--connect-timeout";
	cargv[n++] = "3000";
	if (o->length) {
		cargv[n++] = "-l";
		cargv[n++] = len;
	}
	if (o->udp) {
		cargv[n++] = "-u";
		cargv[n++] = "-b";
		cargv[n++] = "0";
	}
	cargv[n] = NULL;
	h.deadline_s = (o->seconds ? o->seconds : 10) + 20;

	spec.netns_fd = remote ? -1 : node_netns_open(&o->server, e);
	if (spec.netns_fd < 0 && !remote) {
		ret = spec.netns_fd;
		goto out;
	}
	/* -1: the client through node_exec (client_dial) */
	j.netns = remote || node_is_remote(&o->client) ? -1 :
		  node_netns_open(&o->client, e);
	if (j.netns < 0 && !remote && !node_is_remote(&o->client)) {
		ret = j.netns;
		goto out;
	}
	spec.stdout_fd = memfd_create("iperf3-server", MFD_CLOEXEC);
	srv_err = memfd_create("iperf3-server-err", MFD_CLOEXEC);
	j.out = memfd_create("iperf3-client", MFD_CLOEXEC);
	j.err = memfd_create("iperf3-client-err", MFD_CLOEXEC);
	if (spec.stdout_fd < 0 || srv_err < 0 || j.out < 0 || j.err < 0) {
		ret = ovt_err_set(e, errno, "memfd_create: %s", strerror(errno));
		goto out;
	}
	spec.stderr_fd = srv_err;
	if (o->rx_ifindex && net_open(&o->server, &nl, &nle) < 0)
		nl = NULL;
	rx_read(nl, o->rx_ifindex, &rx[0]);
	if (remote)
		ret = server_remote(&j, &spec, &tr, srv_err, h.deadline_s +
				    IPERF_REMOTE_SLACK_S, &terr, e);
	else
		ret = trace_run(&tr, &h, e);
	client_reap(&j);
	rx_read(nl, o->rx_ifindex, &rx[1]);
	/* traced there, iperf3's own -J went to its tracer's stderr */
	if (ret == 0)
		ret = iperf_outcome(&j, &tr, remote && o->trace ? srv_err :
				    spec.stdout_fd, r, e);
	else if (tr.interrupted)
		ret = ovt_err_set(e, EINTR, "interrupted");
	if (ret == 0 && terr.code) {
		*e = terr;
		ret = -terr.code;
	}
	if (ret == 0)
		rx_account(r, &rx[0], &rx[1]);
	if (ret == 0 && o->trace && stats) {
		struct trace_read_est est;

		trace_read_estimate(stats, o->length, r->seconds, &est);
		r->est_bps = est.est_bps;
		r->est_reliable = est.reliable;
	}
	r->length = o->length;
	r->exit_status = tr.exit_status;
	r->method = tr.method;
	r->lost = tr.lost;
out:
	net_close(nl);
	if (spec.netns_fd >= 0)
		close(spec.netns_fd);
	if (j.netns >= 0)
		close(j.netns);
	if (spec.stdout_fd >= 0)
		close(spec.stdout_fd);
	if (srv_err >= 0)
		close(srv_err);
	if (j.out >= 0)
		close(j.out);
	if (j.err >= 0)
		close(j.err);
	return ret;
}
