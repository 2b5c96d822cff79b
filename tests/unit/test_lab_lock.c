/* test_lab_lock.c - the lab lock on real files in a private directory
 * ($OVTSH_LOCK_DIR): exclusive, a bounded wait naming the holder, freed
 * by closing, never through a symlink or in a directory others write. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/lab_lock.h"
#include "t.h"

static char dir[64];

static void check_exclusive(void)
{
	struct ovt_err e = { 0 };
	char want[128];
	int a, b;

	setenv("OVTSH_LOCK_WAIT", "0.2", 1);
	a = lab_lock_take("lk1", NULL, &e);
	T_CHECK(a >= 0);
	/* another open file description conflicts, even in this process */
	b = lab_lock_take("lk1", NULL, &e);
	T_INTEQ(b, -EWOULDBLOCK);
	snprintf(want, sizeof(want), "lab 'lk1' is locked by pid %d (",
		 (int)getpid());
	T_CHECK(strncmp(e.msg, want, strlen(want)) == 0);
	T_CHECK(strstr(e.msg, "test_lab_lock") != NULL);
	T_CHECK(strstr(e.msg, "; waited 0.2 s") != NULL);
	/* another lab is another lock */
	b = lab_lock_take("lk2", NULL, &e);
	T_CHECK(b >= 0);
	lab_lock_drop(b);
	lab_lock_drop(a);
	b = lab_lock_take("lk1", NULL, &e);
	T_CHECK(b >= 0);
	lab_lock_drop(b);
}

static void check_stop(void)
{
	volatile sig_atomic_t stop = 1;
	struct ovt_err e = { 0 };
	int a = lab_lock_take("lk3", NULL, &e);

	setenv("OVTSH_LOCK_WAIT", "30", 1);
	T_INTEQ(lab_lock_take("lk3", &stop, &e), -EINTR);
	T_STREQ(e.msg, "interrupted while waiting for the lock of lab 'lk3'");
	lab_lock_drop(a);
	setenv("OVTSH_LOCK_WAIT", "bogus", 1);
	T_INTEQ(lab_lock_take("lk3", NULL, &e), -EINVAL);
	T_STREQ(e.msg, "OVTSH_LOCK_WAIT='bogus': not a number of seconds "
		"(0-86400)");
	setenv("OVTSH_LOCK_WAIT", "0", 1);
}

static void check_names(void)
{
	struct ovt_err e = { 0 };
	char path[128];
	struct stat st;
	int a;

	/* any name is one plain file in the directory */
	a = lab_lock_take("../x/.y z", NULL, &e);
	T_CHECK(a >= 0);
	lab_lock_drop(a);
	snprintf(path, sizeof(path), "%s/%%2E.%%2Fx%%2F.y%%20z.lock", dir);
	T_INTEQ(lstat(path, &st), 0);
	T_CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600);
}

static void check_refusals(void)
{
	struct ovt_err e = { 0 };
	char path[128], target[128];
	struct stat st;

	/* a planted symlink is not followed */
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(path, sizeof(path), "%s/lk4.lock", dir);
	T_INTEQ(symlink(target, path), 0);
	T_INTEQ(lab_lock_take("lk4", NULL, &e), -ELOOP);
	T_CHECK(strstr(e.msg, "lk4.lock") != NULL);
	T_INTEQ(lstat(target, &st), -1);
	/* a directory others may write to is not used */
	T_INTEQ(chmod(dir, 0777), 0);
	T_INTEQ(lab_lock_take("lk5", NULL, &e), -EPERM);
	T_CHECK(strstr(e.msg, "others may write to") != NULL);
	T_INTEQ(chmod(dir, 0700), 0);
	/* made when missing, 0700 */
	snprintf(path, sizeof(path), "%s/sub", dir);
	setenv("OVTSH_LOCK_DIR", path, 1);
	lab_lock_drop(lab_lock_take("lk6", NULL, &e));
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
	check_stop();
	check_names();
	check_refusals();
	T_INTEQ(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
	T_DONE();
}
