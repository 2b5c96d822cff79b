/* trace_loop.c - spawn a tracee and follow it with ptrace (strace's
 * strace.c, much reduced).
 *
 * Start-up: the child blocks on a pipe until the parent has seized it
 * (PTRACE_SEIZE with EXITKILL: the tracee dies with ovtsh), enters the
 * node's netns, loads the seccomp filter, stops itself with SIGSTOP and
 * execs.  That SIGSTOP marks the start: nothing before it is counted.
 *
 * The loop is next_event() -> dispatch_event():
 *   next_event      waitpid(-1, __WALL) and classify the stop
 *   dispatch_event  account it and resume the task
 * Without a filter every task is resumed with PTRACE_SYSCALL (entry and
 * exit stops).  With a filter it runs under PTRACE_CONT; a seccomp stop is
 * the entry, resumed with PTRACE_SYSCALL to get the exit stop, after which
 * PTRACE_CONT again.  PTRACE_GET_SYSCALL_INFO says which stop it is, so no
 * entry/exit toggling is guessed.
 *
 * For a counting run ovtsh pins itself to one CPU, which the tracee
 * inherits (trace_cpu.c says why), and restores its mask afterwards.
 *
 * Method ebpf (trace_ebpf.c) shares the start-up and the loop: the child
 * is not seized but put in the BPF program's map before it is released,
 * gives no start SIGSTOP (the program counts from its execve on, as the
 * ptrace loop does from the SIGSTOP just before it), and dies with ovtsh
 * by PR_SET_PDEATHSIG.  The loop then only reaps: waitpid sees exits, no
 * stops.  Once the child is reaped, its descendants (no longer ours) are
 * waited for through the map, and the counters are read once.
 *
 * ^C (a cancellation, ovtsh/cancel.h) and the deadline (SIGALRM, whose
 * handler sets a flag) are looked at before every event; neither handler
 * has SA_RESTART, so an idle tracer blocked in waitpid sees them too.
 * Every tracee is then SIGKILLed and reaped, and the cancellation taken. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/trace.h"
#include "trace_int.h"

#define TRACE_OPTS (PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL |          \
		    PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |            \
		    PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC)

struct trace_task {
	pid_t pid;
	bool started;           /* the start SIGSTOP was seen */
	bool in_sc;             /* entry seen, exit pending */
	int nr;
	uint64_t req;           /* third argument: bytes asked for */
	uint64_t t0;            /* entry time, ns */
};

struct tracer {
	struct trace_run *r;
	const struct trace_hooks *h;
	struct trace_task *tasks;
	int ntasks, cap;
	bool filtered;
	bool killing;
	struct trace_ebpf *bpf;  /* method ebpf: the loaded programs */
	uint32_t arch;          /* AUDIT_ARCH of native syscalls */
};

enum trace_ev {
	TEV_NONE = 0,
	TEV_INTR,                /* waitpid interrupted by a signal */
	TEV_NOCHILD,
	TEV_GONE,                /* a tracee exited or was killed */
	TEV_OTHER,               /* an untraced child of ours ended */
	TEV_SYSCALL,             /* syscall entry or exit stop */
	TEV_SECCOMP,             /* PTRACE_EVENT_SECCOMP */
	TEV_EXEC,
	TEV_NEWCHILD,            /* PTRACE_EVENT_CLONE/FORK/VFORK */
	TEV_STOP,                /* PTRACE_EVENT_STOP: group stop, new task */
	TEV_SIGNAL,              /* signal-delivery-stop */
};

struct trace_event {
	enum trace_ev type;
	pid_t pid;
	int status;
	struct trace_task *task;
};

/* The deadline handler's only state: it just interrupts waitpid. */
static volatile sig_atomic_t trace_got_alrm;

static void trace_on_alarm(int sig)
{
	(void)sig;
	trace_got_alrm = 1;
}

static uint64_t trace_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void trace_alarm(unsigned secs)
{
	struct itimerval it = { .it_value = { .tv_sec = secs } };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* ---- tasks: a small array, bounded by the live threads, not the run ---- */

static struct trace_task *task_find(struct tracer *t, pid_t pid)
{
	for (int i = 0; i < t->ntasks; i++)
		if (t->tasks[i].pid == pid)
			return &t->tasks[i];
	return NULL;
}

static struct trace_task *task_add(struct tracer *t, pid_t pid, bool started)
{
	struct trace_task *tk = task_find(t, pid);

	if (tk)
		return tk;
	if (t->ntasks == t->cap) {
		int cap = t->cap ? 2 * t->cap : 16;
		struct trace_task *n = realloc(t->tasks, sizeof(*n) * (size_t)cap);

		if (!n)
			return NULL;
		t->tasks = n;
		t->cap = cap;
	}
	tk = &t->tasks[t->ntasks++];
	*tk = (struct trace_task){ .pid = pid, .started = started };
	return tk;
}

static void task_del(struct tracer *t, struct trace_task *tk)
{
	*tk = t->tasks[--t->ntasks];
}

static void trace_kill_all(struct tracer *t)
{
	t->killing = true;
	for (int i = 0; i < t->ntasks; i++)
		kill(t->tasks[i].pid, SIGKILL);
	trace_ebpf_kill(t->bpf);
}

/* Resume a task; it may have been killed meanwhile (ESRCH is fine). */
static void task_resume(struct tracer *t, struct trace_task *tk, int sig)
{
	int op = (!t->filtered || tk->in_sc) ? PTRACE_SYSCALL : PTRACE_CONT;

	ptrace(op, tk->pid, 0, (void *)(long)sig);
}

/* ---- next_event ---------------------------------------------------------- */

static void next_event(struct tracer *t, struct trace_event *ev)
{
	int status, sig, event;
	pid_t pid;

	memset(ev, 0, sizeof(*ev));
	pid = waitpid(-1, &status, __WALL);
	if (pid < 0) {
		ev->type = errno == EINTR ? TEV_INTR : TEV_NOCHILD;
		return;
	}
	ev->pid = pid;
	ev->status = status;
	ev->task = task_find(t, pid);
	if (!ev->task) {
		if (!WIFSTOPPED(status)) {
			ev->type = TEV_OTHER;
			return;
		}
		/* An auto-attached child reporting before its parent's
		 * PTRACE_EVENT_FORK: it inherits the filter, so it counts. */
		ev->task = task_add(t, pid, true);
		if (!ev->task) {
			kill(pid, SIGKILL);
			ev->type = TEV_NONE;
			return;
		}
	}
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		ev->type = TEV_GONE;
		return;
	}
	sig = WSTOPSIG(status);
	event = (unsigned)status >> 16;
	if (sig == (SIGTRAP | 0x80))
		ev->type = TEV_SYSCALL;
	else if (event == PTRACE_EVENT_SECCOMP)
		ev->type = TEV_SECCOMP;
	else if (event == PTRACE_EVENT_EXEC)
		ev->type = TEV_EXEC;
	else if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
		 event == PTRACE_EVENT_VFORK)
		ev->type = TEV_NEWCHILD;
	else if (event == PTRACE_EVENT_STOP)
		ev->type = TEV_STOP;
	else if (event == 0)
		ev->type = TEV_SIGNAL;
	else
		ev->type = TEV_STOP;     /* an event not asked for: resume */
}

/* ---- dispatch_event ------------------------------------------------------ */

static void sc_entry(struct tracer *t, struct trace_task *tk,
		     const struct __ptrace_syscall_info *si, bool seccomp)
{
	uint64_t nr = seccomp ? si->seccomp.nr : si->entry.nr;
	uint64_t req = seccomp ? si->seccomp.args[2] : si->entry.args[2];

	tk->in_sc = true;
	tk->nr = (si->arch == t->arch && nr < TRACE_NSYS) ? (int)nr : -1;
	tk->req = req;
	tk->t0 = trace_now();
}

static void sc_exit(struct tracer *t, struct trace_task *tk, int64_t ret)
{
	uint64_t now = trace_now();

	if (!tk->in_sc)
		return;         /* exit of a call entered before the start */
	tk->in_sc = false;
	if (t->r->stats)
		trace_stats_add(t->r->stats, tk->nr, ret, now - tk->t0, tk->req);
}

static void on_syscall(struct tracer *t, struct trace_task *tk)
{
	struct __ptrace_syscall_info si;

	if (!tk->started) {
		task_resume(t, tk, 0);
		return;
	}
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tk->pid, (void *)sizeof(si),
		   &si) <= 0)
		si.op = PTRACE_SYSCALL_INFO_NONE;
	switch (si.op) {
	case PTRACE_SYSCALL_INFO_ENTRY:
		sc_entry(t, tk, &si, false);
		break;
	case PTRACE_SYSCALL_INFO_SECCOMP:
		sc_entry(t, tk, &si, true);
		break;
	case PTRACE_SYSCALL_INFO_EXIT:
		sc_exit(t, tk, si.exit.rval);
		break;
	default:
		break;
	}
	task_resume(t, tk, 0);
}

static void on_gone(struct tracer *t, struct trace_task *tk, int status)
{
	/* exit_group and a call cut short by SIGKILL have no exit stop. */
	if (tk->in_sc)
		sc_exit(t, tk, 0);
	if (tk->pid == t->r->pid)
		t->r->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) :
				    128 + WTERMSIG(status);
	task_del(t, tk);
}

static void on_exec(struct tracer *t, struct trace_task *tk)
{
	unsigned long old = 0;
	struct trace_task *former;

	/* A non-leader thread that execs takes over the leader's pid; its
	 * old tid vanishes without an exit report. */
	ptrace(PTRACE_GETEVENTMSG, tk->pid, 0, &old);
	if ((pid_t)old != tk->pid && (former = task_find(t, (pid_t)old))) {
		struct trace_task saved = *former;
		pid_t pid = tk->pid;

		task_del(t, former);
		tk = task_find(t, pid);
		if (!tk)
			return;
		saved.pid = pid;
		*tk = saved;
	}
	task_resume(t, tk, 0);
}

static void on_newchild(struct tracer *t, struct trace_task *tk)
{
	unsigned long child = 0;
	pid_t pid = tk->pid;

	/* Register the child now, so that the count of live tasks never
	 * drops to zero while it has not reported yet. */
	if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &child) == 0 && child > 0 &&
	    !task_add(t, (pid_t)child, true))
		kill((pid_t)child, SIGKILL);
	tk = task_find(t, pid);     /* task_add may have moved the array */
	if (tk)
		task_resume(t, tk, 0);
}

static void on_stop(struct tracer *t, struct trace_task *tk, int status)
{
	int sig = WSTOPSIG(status);

	if ((unsigned)status >> 16 == PTRACE_EVENT_STOP &&
	    (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	     sig == SIGTTOU)) {
		/* A group stop: stay stopped but keep reporting. */
		ptrace(PTRACE_LISTEN, tk->pid, 0, 0);
		return;
	}
	task_resume(t, tk, 0);
}

static void on_signal(struct tracer *t, struct trace_task *tk, int status)
{
	int sig = WSTOPSIG(status);

	if (!tk->started && sig == SIGSTOP) {
		tk->started = true;     /* the child's start marker */
		task_resume(t, tk, 0);
		return;
	}
	task_resume(t, tk, sig);
}

static void on_other(struct tracer *t, const struct trace_event *ev)
{
	int r = t->h && t->h->on_child ?
		t->h->on_child(ev->pid, ev->status, t->h->data) : 0;

	if (r < 0 && !t->killing) {
		t->r->stopped = true;
		trace_kill_all(t);
	} else if (r > 0 && !t->killing) {
		trace_alarm((unsigned)r);
	}
}

static void on_intr(struct tracer *t)
{
	if (t->killing)
		return;
	if (cancel_requested()) {
		t->r->interrupted = true;
		trace_kill_all(t);
	} else if (trace_got_alrm) {
		t->r->timed_out = true;
		trace_kill_all(t);
	}
}

static void dispatch_event(struct tracer *t, const struct trace_event *ev)
{
	switch (ev->type) {
	case TEV_INTR:
		on_intr(t);
		break;
	case TEV_GONE:
		on_gone(t, ev->task, ev->status);
		break;
	case TEV_OTHER:
		on_other(t, ev);
		break;
	case TEV_SYSCALL:
		on_syscall(t, ev->task);
		break;
	case TEV_SECCOMP:
		on_syscall(t, ev->task);
		break;
	case TEV_EXEC:
		on_exec(t, ev->task);
		break;
	case TEV_NEWCHILD:
		on_newchild(t, ev->task);
		break;
	case TEV_STOP:
		on_stop(t, ev->task, ev->status);
		break;
	case TEV_SIGNAL:
		on_signal(t, ev->task, ev->status);
		break;
	case TEV_NOCHILD:
	case TEV_NONE:
		break;
	}
}

/* ---- start-up ------------------------------------------------------------ */

int trace_which(const char *prog, char *path, size_t len, struct ovt_err *e)
{
	const char *dirs = getenv("PATH"), *p, *end;
	size_t n;

	if (!prog || !*prog)
		return ovt_err_set(e, EINVAL, "no program given");
	if (strchr(prog, '/')) {
		if (access(prog, X_OK) < 0)
			return ovt_err_set(e, errno, "%s: %s", prog,
					   strerror(errno));
		snprintf(path, len, "%s", prog);
		return 0;
	}
	if (!dirs || !*dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	for (p = dirs; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0)
			continue;
		if (snprintf(path, len, "%.*s/%s", (int)n, p, prog) >= (int)len)
			continue;
		if (access(path, X_OK) == 0)
			return 0;
	}
	return ovt_err_set(e, ENOENT, "%s: command not found in PATH", prog);
}

enum trace_stage { STAGE_SETNS = 1, STAGE_DUP, STAGE_FILTER, STAGE_EXEC };

static const char *const trace_stage_names[] = {
	[STAGE_SETNS] = "entering the node's network namespace",
	[STAGE_DUP] = "redirecting output",
	[STAGE_FILTER] = "loading the seccomp filter",
	[STAGE_EXEC] = "exec",
};

struct trace_child_err {
	int stage;
	int err;
};

static void __attribute__((noreturn))
child_fail(int errfd, enum trace_stage stage, int err)
{
	struct trace_child_err ce = { .stage = stage, .err = err };

	if (write(errfd, &ce, sizeof(ce)) < 0)
		_exit(127);
	_exit(127);
}

static int child_dup(int from, int to)
{
	return from < 0 || from == to ? 0 : dup2(from, to);
}

/* The child: nothing here allocates except seccomp_load (ovtsh is single
 * threaded, so that is safe after fork). */
static void __attribute__((noreturn))
trace_child(const struct trace_spec *s, const char *path, void *ctx,
	    bool marker, int syncfd, int errfd)
{
	char c;
	int r;

	cancel_child();
	/* ptrace: until the seize, then EXITKILL; ebpf: for good */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (s->new_pgrp)
		setpgid(0, 0);
	if (read(syncfd, &c, 1) != 1)
		_exit(127);     /* the parent could not seize us */
	if (s->netns_fd >= 0 && setns(s->netns_fd, CLONE_NEWNET) < 0)
		child_fail(errfd, STAGE_SETNS, errno);
	if (child_dup(s->stdin_fd, 0) < 0 || child_dup(s->stdout_fd, 1) < 0 ||
	    child_dup(s->stderr_fd, 2) < 0)
		child_fail(errfd, STAGE_DUP, errno);
	if (ctx && (r = trace_filter_load(ctx)) < 0)
		child_fail(errfd, STAGE_FILTER, -r);
	/* The start marker; the raw syscall keeps glibc's raise() from
	 * adding counted rt_sigprocmask calls after it. */
	if (marker)
		syscall(SYS_kill, getpid(), SIGSTOP);
	execv(path, s->argv);
	child_fail(errfd, STAGE_EXEC, errno);
}

static int trace_child_status(int errfd, const char *path, struct ovt_err *e)
{
	struct trace_child_err ce;

	if (read(errfd, &ce, sizeof(ce)) != (ssize_t)sizeof(ce))
		return 0;
	if (ce.stage < STAGE_SETNS || ce.stage > STAGE_EXEC)
		ce.stage = STAGE_EXEC;
	return ovt_err_set(e, ce.err, "%s: %s: %s%s", path,
			   trace_stage_names[ce.stage], strerror(ce.err),
			   ce.stage == STAGE_SETNS && ce.err == EPERM ?
			   " (ovtsh needs CAP_SYS_ADMIN)" : "");
}

/* Fork the child and seize it; on success the tracee is r->pid, its
 * task registered, and it has been told to go on. */
static int trace_spawn(struct tracer *t, const char *path, void *ctx,
		       long opts, int sync[2], int errp[2], struct ovt_err *e)
{
	struct trace_run *r = t->r;

	r->pid = fork();
	if (r->pid < 0)
		return ovt_err_set(e, errno, "fork: %s", strerror(errno));
	if (r->pid == 0)
		trace_child(r->spec, path, ctx, !t->bpf, sync[0], errp[1]);
	/* Our write end closed: the child's exec closes the last one, so
	 * reading errp after the run tells how the start went. */
	close(errp[1]);
	errp[1] = -1;
	if (t->bpf ? trace_ebpf_track(t->bpf, r->pid, e) < 0 :
		     ptrace(PTRACE_SEIZE, r->pid, 0, (void *)opts) < 0)
		goto fail;
	if (!task_add(t, r->pid, !!t->bpf) || write(sync[1], "g", 1) != 1)
		goto fail;
	return 0;
fail:
	{
		int err = errno ? errno : ENOMEM;

		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
		t->ntasks = 0;
		r->pid = -1;
		return ovt_err_set(e, err, "cannot start the tracee: %s",
				   strerror(err));
	}
}

/* Until every tracee is gone.  A busy tracee keeps waitpid from ever
 * blocking, so the signal flags are looked at before every event, not
 * only on EINTR. */
static void trace_loop(struct tracer *t)
{
	struct trace_event ev;

	while (t->ntasks > 0 || trace_ebpf_alive(t->bpf)) {
		if (!t->killing && (trace_got_alrm || cancel_requested()))
			on_intr(t);
		if (t->ntasks == 0) {
			/* ebpf: the child is reaped, its descendants are
			 * not ours to wait for; the map says when they end */
			if (t->killing)
				trace_ebpf_kill(t->bpf);
			usleep(10000);
			continue;
		}
		next_event(t, &ev);
		if (ev.type == TEV_NOCHILD)
			break;
		dispatch_event(t, &ev);
	}
}

const char *trace_method_name(enum trace_method m)
{
	static const char *const names[] = {
		[TRACE_M_PTRACE] = "ptrace",
		[TRACE_M_EBPF] = "ebpf",
		[TRACE_M_AUTO] = "auto",
	};

	return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "?";
}

enum trace_method trace_method_resolve(enum trace_method want, char *why,
				       size_t len)
{
	struct trace_ebpf *b = NULL;
	struct ovt_err e = { 0 };

	if (len)
		why[0] = '\0';
	if (want != TRACE_M_AUTO)
		return want;
	if (trace_ebpf_open(&b, NULL, &e) == 0) {
		trace_ebpf_close(b);
		return TRACE_M_EBPF;
	}
	snprintf(why, len, "%s", e.msg);
	return TRACE_M_PTRACE;
}

/* Load the eBPF method; for auto a failure is no error: ptrace runs and
 * r->fallback says why. */
static int trace_pick_ebpf(struct tracer *t, const struct trace_spec *s,
			   struct ovt_err *e)
{
	struct trace_run *r = t->r;
	int ret = trace_ebpf_open(&t->bpf, s->filter, e);

	if (ret == 0) {
		r->method = TRACE_M_EBPF;
		return 0;
	}
	if (s->method != TRACE_M_AUTO)
		return ret;
	snprintf(r->fallback, sizeof(r->fallback), "%s", e->msg);
	ovt_err_clear(e);
	return 0;
}

int trace_run(struct trace_run *r, const struct trace_hooks *h,
	      struct ovt_err *e)
{
	const struct trace_spec *s = r->spec;
	struct tracer t = { .r = r, .h = h };
	struct sigaction sa = { .sa_handler = trace_on_alarm }, old_alrm;
	int sync[2] = { -1, -1 }, errp[2] = { -1, -1 };
	bool handler = false;
	char path[4096];
	void *ctx = NULL;
	long opts = TRACE_OPTS;
	int ret;

	r->pid = -1;
	r->exit_status = -1;
	r->interrupted = r->stopped = r->timed_out = false;
	r->cpu = TRACE_CPU_ANY;
	r->method = TRACE_M_PTRACE;
	r->fallback[0] = '\0';
	r->lost = 0;
	if (r->stats)
		trace_stats_init(r->stats);
	t.arch = seccomp_arch_native();
	t.filtered = s->count_none || (s->filter && s->filter->n > 0);
	ret = trace_which(s->argv[0], path, sizeof(path), e);
	if (ret < 0)
		goto out;
	if (!s->count_none && s->method != TRACE_M_PTRACE &&
	    (ret = trace_pick_ebpf(&t, s, e)) < 0)
		goto out;
	if (t.filtered && !s->count_none && !t.bpf) {
		ret = trace_filter_build(s->filter, &ctx, e);
		if (ret < 0)
			goto out;
		opts |= PTRACE_O_TRACESECCOMP;
	}
	/* Attached only, or counted in the kernel, the tracee never stops:
	 * nothing to share a CPU for (an explicit CPU still places it). */
	ret = trace_cpu_pin(s->count_none || (t.bpf && s->cpu == TRACE_CPU_AUTO) ?
			    TRACE_CPU_ANY : s->cpu, &r->cpu, &r->allowed, e);
	if (ret < 0)
		goto out;
	if (pipe2(sync, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		ret = ovt_err_set(e, errno, "pipe: %s", strerror(errno));
		goto out;
	}
	/* No SA_RESTART: the deadline must interrupt waitpid (as ^C does). */
	trace_got_alrm = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old_alrm);
	handler = true;
	errno = 0;
	ret = trace_spawn(&t, path, ctx, opts, sync, errp, e);
	if (ret < 0)
		goto out;
	if (h && h->deadline_s)
		trace_alarm(h->deadline_s);
	if (h && h->ready && (ret = h->ready(r->pid, h->data, e)) < 0)
		trace_kill_all(&t);
	trace_loop(&t);
	if (ret == 0)
		ret = trace_child_status(errp[0], path, e);
	if (t.bpf && r->stats) {
		struct ovt_err ce = { 0 };

		/* a failed read loses the counts, never the run's outcome */
		if (trace_ebpf_collect(t.bpf, r->stats, &ce) < 0 && ret == 0)
			ret = ovt_err_set(e, ce.code, "%s", ce.msg);
	}
	if (t.bpf)
		r->lost = trace_ebpf_lost(t.bpf);
out:
	if (r->cpu >= 0)
		sched_setaffinity(0, sizeof(r->allowed), &r->allowed);
	if (handler) {
		trace_alarm(0);
		sigaction(SIGALRM, &old_alrm, NULL);
	}
	if (r->interrupted)
		cancel_take();      /* acted on: the run says "interrupted" */
	for (int i = 0; i < 2; i++) {
		if (sync[i] >= 0)
			close(sync[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	free(t.tasks);
	trace_filter_release(ctx);
	trace_ebpf_close(t.bpf);
	return ret;
}
