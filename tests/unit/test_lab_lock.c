/* test_lab_lock.c - the lab lock on real files in a private directory
 * ($OVTSH_LOCK_DIR): exclusive, a bounded wait naming the holder, freed
 * and removed on release (a waiter on the removed file retries), never
 * through a symlink or in a directory others write. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/lab_lock.h"
#include "t.h"

static char dir[64];

static bool lock_file_exists(const char *lab)
{
	char path[160];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s.lock", dir, lab);
	return lstat(path, &st) == 0;
}

static void check_exclusive(void)
{
	struct lab_lock a, b;
	struct ovt_err e = { 0 };
	char want[128];

	setenv("OVTSH_LOCK_WAIT", "0.2", 1);
	T_INTEQ(lab_lock_take(&a, "lk1", true, &e), 0);
	T_CHECK(lock_file_exists("lk1"));
	/* another open file description conflicts, even in this process */
	T_INTEQ(lab_lock_take(&b, "lk1", true, &e), -EWOULDBLOCK);
	T_INTEQ(b.fd, -1);
	snprintf(want, sizeof(want), "lab 'lk1' is locked by pid %d (",
		 (int)getpid());
	T_CHECK(strncmp(e.msg, want, strlen(want)) == 0);
	T_CHECK(strstr(e.msg, "test_lab_lock") != NULL);
	T_CHECK(strstr(e.msg, "; waited 0.2 s") != NULL);
	/* not waiting at all when told so (a replay that waited in vain) */
	setenv("OVTSH_LOCK_WAIT", "30", 1);
	T_INTEQ(lab_lock_take(&b, "lk1", false, &e), -EWOULDBLOCK);
	T_CHECK(strstr(e.msg, "; waited 0 s") != NULL);
	/* another lab is another lock */
	T_INTEQ(lab_lock_take(&b, "lk2", true, &e), 0);
	lab_lock_drop(&b);
	/* released: the file goes with it */
	lab_lock_drop(&a);
	T_CHECK(!lock_file_exists("lk1"));
	T_CHECK(!lock_file_exists("lk2"));
	T_INTEQ(lab_lock_take(&b, "lk1", true, &e), 0);
	lab_lock_drop(&b);
}

/* A waiter that gets the file its holder removed on release must not
 * keep that one: it takes the file now at the path.  The holder is a
 * child that lets go after 0.3 s while we wait. */
static void check_removed(void)
{
	struct lab_lock a;
	struct ovt_err e = { 0 };
	struct stat st;
	int status = -1, p[2];
	char c;
	pid_t pid;

	T_INTEQ(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		if (lab_lock_take(&a, "lk7", true, &e) < 0 ||
		    write(p[1], "x", 1) != 1)
			_exit(1);
		usleep(300000);
		lab_lock_drop(&a);
		_exit(0);
	}
	T_INTEQ(read(p[0], &c, 1), 1);        /* the child holds it */
	setenv("OVTSH_LOCK_WAIT", "5", 1);
	T_INTEQ(lab_lock_take(&a, "lk7", true, &e), 0);
	T_INTEQ(fstat(a.fd, &st), 0);
	T_INTEQ(st.st_nlink, 1);
	T_CHECK(lock_file_exists("lk7"));
	lab_lock_drop(&a);
	waitpid(pid, &status, 0);
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(p[0]);
	close(p[1]);
}

static void check_stop(void)
{
	struct lab_lock a, b;
	struct ovt_err e = { 0 };

	T_INTEQ(lab_lock_take(&a, "lk3", true, &e), 0);
	setenv("OVTSH_LOCK_WAIT", "30", 1);
	cancel_request();       /* Ctrl-C */
	T_INTEQ(lab_lock_take(&b, "lk3", true, &e), -EINTR);
	T_STREQ(e.msg, "interrupted while waiting for the lock of lab 'lk3'");
	T_CHECK(cancel_take());     /* left for the caller */
	lab_lock_drop(&a);
	setenv("OVTSH_LOCK_WAIT", "bogus", 1);
	T_INTEQ(lab_lock_take(&b, "lk3", true, &e), -EINVAL);
	T_STREQ(e.msg, "OVTSH_LOCK_WAIT='bogus': not a number of seconds "
		"(0-86400)");
	setenv("OVTSH_LOCK_WAIT", "0", 1);
}

static void check_names(void)
{
	struct lab_lock a;
	struct ovt_err e = { 0 };
	char path[128];
	struct stat st;

	/* any name is one plain file in the directory */
	T_INTEQ(lab_lock_take(&a, "../x/.y z", true, &e), 0);
	snprintf(path, sizeof(path), "%s/%%2E.%%2Fx%%2F.y%%20z.lock", dir);
	T_INTEQ(lstat(path, &st), 0);
	T_CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600);
	lab_lock_drop(&a);
}

static void check_refusals(void)
{
	struct lab_lock a;
	struct ovt_err e = { 0 };
	char path[128], target[128];
	struct stat st;

	/* a planted symlink is not followed */
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(path, sizeof(path), "%s/lk4.lock", dir);
	T_INTEQ(symlink(target, path), 0);
	T_INTEQ(lab_lock_take(&a, "lk4", true, &e), -ELOOP);
	T_CHECK(strstr(e.msg, "lk4.lock") != NULL);
	T_INTEQ(lstat(target, &st), -1);
	/* a directory others may write to is not used */
	T_INTEQ(chmod(dir, 0777), 0);
	T_INTEQ(lab_lock_take(&a, "lk5", true, &e), -EPERM);
	T_CHECK(strstr(e.msg, "others may write to") != NULL);
	T_INTEQ(chmod(dir, 0700), 0);
	/* made when missing, 0700 */
	snprintf(path, sizeof(path), "%s/sub", dir);
	setenv("OVTSH_LOCK_DIR", path, 1);
	T_INTEQ(lab_lock_take(&a, "lk6", true, &e), 0);
	lab_lock_drop(&a);
	T_INTEQ(stat(path, &st), 0);
	T_INTEQ(st.st_mode & 07777, 0700);
	setenv("OVTSH_LOCK_DIR", dir, 1);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ovtsh-lock.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("OVTSH_LOCK_DIR", dir, 1);
	check_exclusive();
	check_removed();
	check_stop();
	check_names();
	check_refusals();
	T_INTEQ(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
	T_DONE();
}
