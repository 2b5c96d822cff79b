/* test_safefile.c - the safe writer: planted links are never followed, an
 * existing file keeps its mode and owner, a failed write keeps the old
 * file, a device is written in place and its errors reported. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovtsh/safefile.h"
#include "t.h"

static char dir[] = "/tmp/ovtsh-sfile.XXXXXX";

static const char *at(const char *name)
{
	static char p[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	fputs(text, fp);
	fclose(fp);
}

static char *get(const char *path)
{
	static char buf[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Write text to path through the module; sfile_commit's result. */
static int swrite(const char *path, const char *text, struct ovt_err *e)
{
	struct sfile f;
	int r = sfile_open(&f, path, 0666, e);

	if (r < 0)
		return r;
	fputs(text, f.fp);
	return sfile_commit(&f, e);
}

/* Nothing but the names given (no temporary left behind). */
static int dir_count(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_new_and_replace(void)
{
	struct ovt_err e = { 0 };
	struct stat st;

	umask(022);
	T_INTEQ(swrite(at("new"), "one\n", &e), 0);
	T_STREQ(get(at("new")), "one\n");
	T_INTEQ(stat(at("new"), &st), 0);
	T_INTEQ(st.st_mode & 07777, 0644);
	/* a private new file, as the history */
	{
		struct sfile f;

		T_INTEQ(sfile_open(&f, at("private"), 0600, &e), 0);
		T_INTEQ(sfile_commit(&f, &e), 0);
		T_INTEQ(stat(at("private"), &st), 0);
		T_INTEQ(st.st_mode & 07777, 0600);
		unlink(at("private"));
	}
	/* an existing file: content replaced, mode and owner kept */
	put(at("old"), "old\n");
	chmod(at("old"), 0640);
	if (geteuid() == 0)
		T_INTEQ(chown(at("old"), 1234, 5678), 0);
	T_INTEQ(swrite(at("old"), "new\n", &e), 0);
	T_STREQ(get(at("old")), "new\n");
	T_INTEQ(stat(at("old"), &st), 0);
	T_INTEQ(st.st_mode & 07777, 0640);
	if (geteuid() == 0) {
		T_INTEQ(st.st_uid, 1234);
		T_INTEQ(st.st_gid, 5678);
	}
	T_INTEQ(dir_count(), 2);
	unlink(at("new"));
	unlink(at("old"));
}

static void test_links(void)
{
	struct ovt_err e = { 0 };
	struct stat st;
	char name[64];

	put(at("victim"), "secret\n");
	/* a link at the target: refused, neither link nor victim changed */
	T_INTEQ(symlink(at("victim"), at("link")), 0);
	T_INTEQ(swrite(at("link"), "evil\n", &e), -ELOOP);
	T_CHECK(strstr(e.msg, "symbolic link") != NULL);
	T_STREQ(get(at("victim")), "secret\n");
	T_INTEQ(lstat(at("link"), &st), 0);
	T_CHECK(S_ISLNK(st.st_mode));
	/* links at the temporary names the old code used, FILE.tmp.PID:
	 * the write succeeds and never goes through them */
	snprintf(name, sizeof(name), "out.tmp.%d", (int)getpid());
	T_INTEQ(symlink(at("victim"), at(name)), 0);
	T_INTEQ(swrite(at("out"), "mine\n", &e), 0);
	T_STREQ(get(at("out")), "mine\n");
	T_STREQ(get(at("victim")), "secret\n");
	T_INTEQ(lstat(at(name), &st), 0);
	T_CHECK(S_ISLNK(st.st_mode));
	T_INTEQ(dir_count(), 4);
	unlink(at(name));
	unlink(at("out"));
	unlink(at("link"));
	unlink(at("victim"));
}

static void test_device(void)
{
	struct ovt_err e = { 0 };
	struct sfile f;
	struct stat st;

	/* /dev/full: written in place, ENOSPC reported, still a device */
	T_INTEQ(sfile_open(&f, "/dev/full", 0666, &e), 0);
	for (int i = 0; i < 1000; i++)
		fputs("a line of the running-config\n", f.fp);
	T_CHECK(sfile_error(&f) == ENOSPC);
	T_INTEQ(sfile_commit(&f, &e), -ENOSPC);
	T_STREQ(e.msg, "writing '/dev/full': No space left on device");
	T_INTEQ(lstat("/dev/full", &st), 0);
	T_CHECK(S_ISCHR(st.st_mode));
	/* a short write is found by the commit's flush */
	T_INTEQ(swrite("/dev/full", "x\n", &e), -ENOSPC);
	/* /dev/null takes it */
	T_INTEQ(swrite("/dev/null", "x\n", &e), 0);
	T_INTEQ(lstat("/dev/null", &st), 0);
	T_CHECK(S_ISCHR(st.st_mode));
	/* a directory is refused */
	T_INTEQ(swrite(dir, "x\n", &e), -EISDIR);
}

static void test_failed_write(void)
{
	struct ovt_err e = { 0 };
	struct rlimit old, small = { .rlim_cur = 4096 };
	struct sfile f;
	char big[1024];
	int r;

	put(at("keep"), "the old file\n");
	/* a failed write (file size limit: EFBIG) keeps the old file */
	memset(big, 'x', sizeof(big));
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	small.rlim_max = old.rlim_max;
	T_INTEQ(setrlimit(RLIMIT_FSIZE, &small), 0);
	T_INTEQ(sfile_open(&f, at("keep"), 0666, &e), 0);
	for (int i = 0; i < 16; i++)
		fwrite(big, 1, sizeof(big), f.fp);
	r = sfile_commit(&f, &e);
	setrlimit(RLIMIT_FSIZE, &old);
	T_INTEQ(r, -EFBIG);
	T_CHECK(strstr(e.msg, "writing '") != NULL);
	T_STREQ(get(at("keep")), "the old file\n");
	T_INTEQ(dir_count(), 1);
	/* abort keeps it too */
	T_INTEQ(sfile_open(&f, at("keep"), 0666, &e), 0);
	fputs("half", f.fp);
	sfile_abort(&f);
	T_STREQ(get(at("keep")), "the old file\n");
	T_INTEQ(dir_count(), 1);
	unlink(at("keep"));
	/* a missing directory: the error names the file */
	T_INTEQ(swrite(at("no/such"), "x", &e), -ENOENT);
	T_CHECK(strstr(e.msg, "cannot write '") != NULL);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_new_and_replace();
	test_links();
	test_device();
	test_failed_write();
	rmdir(dir);
	T_DONE();
}
