/* lab_lock.c - one ovtsh at a time changes a lab (see ovtsh/lab_lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/lab_lock.h"

#define LOCK_POLL_MS 25

static int lock_fail(struct ovt_err *e, int err, const char *what,
		     const char *path)
{
	return ovt_err_set(e, err, "cannot lock the lab: %s %s: %s%s", what,
			   path, strerror(err), err == EACCES || err == EPERM ?
			   " (ovtsh needs root)" : "");
}

/* $OVTSH_LOCK_WAIT seconds (fractions allowed) in ms. */
static int lock_wait_ms(long *ms, struct ovt_err *e)
{
	const char *v = getenv("OVTSH_LOCK_WAIT");
	char *end;
	double s;

	*ms = LAB_LOCK_WAIT_S * 1000L;
	if (!v || !*v)
		return 0;
	errno = 0;
	s = strtod(v, &end);
	if (errno || *end || !(s >= 0 && s <= 86400))
		return ovt_err_set(e, EINVAL, "OVTSH_LOCK_WAIT='%s': not a "
				   "number of seconds (0-86400)", v);
	*ms = (long)(s * 1000);
	return 0;
}

/* "<lab>.lock", every byte but [A-Za-z0-9_-] (and a '.' not leading) as
 * %XX: whatever the lab's name, one plain file in the directory. */
static int lock_file_name(const char *lab, char *buf, size_t len,
			  struct ovt_err *e)
{
	size_t o = 0;

	for (const char *p = lab; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (o + 4 + sizeof(".lock") > len)
			return ovt_err_set(e, ENAMETOOLONG, "cannot lock the "
					   "lab: its name is too long");
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
		    (ch == '.' && p != lab))
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, len - o, "%%%02X", ch);
	}
	snprintf(buf + o, len - o, ".lock");
	return 0;
}

/* The directory, made 0700 when missing; refused unless it is a real
 * directory of this user that no one else may write to. */
static int lock_dir_open(const char *dir, struct ovt_err *e)
{
	struct stat st;
	int fd, r;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return lock_fail(e, errno, "cannot create", dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return lock_fail(e, errno, "cannot open", dir);
	if (fstat(fd, &st) < 0) {
		r = lock_fail(e, errno, "cannot stat", dir);
		close(fd);
		return r;
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		return ovt_err_set(e, EACCES, "cannot lock the lab: %s is "
				   "another user's: Permission denied (ovtsh "
				   "needs root)", dir);
	}
	if (st.st_mode & 022) {
		close(fd);
		return ovt_err_set(e, EPERM, "cannot lock the lab: others may "
				   "write to %s: not using it", dir);
	}
	return fd;
}

/* The lock file, never through a symlink, never another user's. */
static int lock_file_open(int dfd, const char *dir, const char *name,
			  struct ovt_err *e)
{
	char path[512];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC, 0600);
	if (fd < 0)
		return lock_fail(e, errno, "cannot open", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid()) {
		close(fd);
		return ovt_err_set(e, EPERM, "cannot lock the lab: %s is not "
				   "a regular file of this user", path);
	}
	return fd;
}

/* Our command line, one printable line: "ovtsh -c 'hypervisor a'". */
static void lock_cmdline(char *buf, size_t len)
{
	char raw[256];
	ssize_t n = 0;
	size_t o = 0;
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, raw, sizeof(raw) - 1);
		close(fd);
	}
	if (n <= 0)
		n = snprintf(raw, sizeof(raw), "ovtsh") + 1;
	raw[n] = '\0';
	for (char *a = raw; a < raw + n && o + 1 < len; a += strlen(a) + 1) {
		bool q = !*a || strpbrk(a, " \t'\"") != NULL;

		o += (size_t)snprintf(buf + o, len - o, "%s%s%s%s",
				      o ? " " : "", q ? "'" : "", a,
				      q ? "'" : "");
	}
	buf[len - 1] = '\0';
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/* Who holds it, for the waiters: "pid N", "since HH:MM:SS", "cmd ...".
 * Advisory only: a write that fails leaves the lock as good. */
static void lock_write_holder(int fd)
{
	char cmd[256], buf[384], ts[16];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	lock_cmdline(cmd, sizeof(cmd));
	n = snprintf(buf, sizeof(buf), "pid %d\nsince %s\ncmd %s\n",
		     (int)getpid(), ts, cmd);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return;
}

static void lock_holder(int fd, char *out, size_t len)
{
	char buf[400], since[16] = "?", cmd[256] = "?", *save = NULL;
	int pid = 0;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	for (char *l = strtok_r(buf, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "pid ", 4))
			pid = atoi(l + 4);
		else if (!strncmp(l, "since ", 6))
			snprintf(since, sizeof(since), "%s", l + 6);
		else if (!strncmp(l, "cmd ", 4))
			snprintf(cmd, sizeof(cmd), "%s", l + 4);
	}
	if (pid > 0)
		snprintf(out, len, "pid %d (%.200s) since %s", pid, cmd, since);
	else
		snprintf(out, len, "another ovtsh");
}

static long lock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for the flock on fd, polled (the deadline needs no signal games;
 * ^C cuts a nap short through cancel_fd()): 0 held, 1 the file was
 * removed meanwhile by its holder's release (open the one now at the
 * path), -errno. */
static int lock_wait(int fd, const char *lab, long t0, long wait,
		     struct ovt_err *e)
{
	struct pollfd nap = { .fd = cancel_fd(), .events = POLLIN };
	char who[300];
	struct stat st;
	bool got;

	for (;;) {
		got = flock(fd, LOCK_EX | LOCK_NB) == 0;
		if (!got && errno != EWOULDBLOCK && errno != EINTR)
			return ovt_err_set(e, errno, "cannot lock lab '%s': %s",
					   lab, strerror(errno));
		if (fstat(fd, &st) < 0)
			return ovt_err_set(e, errno, "cannot lock lab '%s': "
					   "fstat: %s", lab, strerror(errno));
		if (st.st_nlink == 0)
			return 1;
		if (got)
			return 0;
		if (cancel_requested())
			return ovt_err_set(e, EINTR, "interrupted while "
					   "waiting for the lock of lab '%s'",
					   lab);
		if (lock_now_ms() - t0 >= wait) {
			lock_holder(fd, who, sizeof(who));
			return ovt_err_set(e, EWOULDBLOCK, "lab '%s' is locked "
					   "by %s; waited %g s", lab, who,
					   (double)wait / 1000);
		}
		poll(&nap, 1, LOCK_POLL_MS);
	}
}

int lab_lock_take(struct lab_lock *lk, const char *lab, bool wait_ok,
		  struct ovt_err *e)
{
	const char *dir = getenv("OVTSH_LOCK_DIR");
	long wait, t0;
	int r;

	lk->fd = lk->dfd = -1;
	if (!dir || !*dir)
		dir = LAB_LOCK_DIR;
	r = lock_wait_ms(&wait, e);
	if (!wait_ok)
		wait = 0;
	if (r == 0)
		r = lock_file_name(lab, lk->name, sizeof(lk->name), e);
	if (r < 0)
		return r;
	lk->dfd = lock_dir_open(dir, e);
	if (lk->dfd < 0)
		return lk->dfd;
	t0 = lock_now_ms();
	do {
		if (lk->fd >= 0)
			close(lk->fd);
		lk->fd = lock_file_open(lk->dfd, dir, lk->name, e);
		r = lk->fd < 0 ? lk->fd : lock_wait(lk->fd, lab, t0, wait,
						    e);
	} while (r == 1);
	if (r < 0) {
		if (lk->fd >= 0)
			close(lk->fd);
		close(lk->dfd);
		lk->fd = lk->dfd = -1;
		return r;
	}
	lock_write_holder(lk->fd);
	return 0;
}

void lab_lock_drop(struct lab_lock *lk)
{
	if (lk->fd < 0)
		return;
	/* removed while held, so no lock file outlives its use; a waiter
	 * on this file then finds it unlinked and opens the next one */
	unlinkat(lk->dfd, lk->name, 0);
	close(lk->fd);
	close(lk->dfd);
	lk->fd = lk->dfd = -1;
}
