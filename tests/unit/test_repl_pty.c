/* test_repl_pty.c - drive the real interactive REPL through a
 * pseudo-terminal: TAB completion, '?' help, Ctrl-C, history, the lab lock
 * per command, Ctrl-D; the history file is private and never written
 * through a planted link; the --More-- pager and "terminal length". */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/lab_lock.h"
#include "t.h"

static int master = -1;
static struct winsize win = { .ws_row = 24, .ws_col = 80 };
static char screen[1 << 16];   /* output since the last mark, escapes cut */
static size_t slen;

/* Read what the shell prints, dropping terminal escape sequences, until
 * want appears (or the timeout). */
static int expect(const char *want, int ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		char buf[1024];
		ssize_t n;

		screen[slen] = '\0';
		if (strstr(screen, want))
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &t);
		long el = (t.tv_sec - t0.tv_sec) * 1000 +
			  (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (el >= ms)
			break;
		if (poll(&p, 1, (int)(ms - el)) <= 0)
			continue;
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && slen < sizeof(screen) - 1; i++) {
			if (buf[i] == '\x1b') {      /* skip ESC [ ... letter */
				i++;
				if (i < n && buf[i] == '[')
					while (i + 1 < n && !((buf[i + 1] >= 'A' &&
						buf[i + 1] <= 'Z') || (buf[i + 1] >= 'a' &&
						buf[i + 1] <= 'z')))
						i++;
				i++;
				continue;
			}
			if (buf[i] != '\r')
				screen[slen++] = buf[i];
		}
	}
	fprintf(stderr, "expected \"%s\"; screen was:\n%s\n", want, screen);
	return 0;
}

static void mark(void)
{
	slen = 0;
	screen[0] = '\0';
}

static void type(const char *s)
{
	if (write(master, s, strlen(s)) < 0)
		perror("write");
	usleep(50000);
}

/* The REPL on a new pseudo-terminal with HOME set; its pid, -1. */
static pid_t spawn(const char *ovtsh, const char *home)
{
	pid_t pid;

	if (master >= 0)
		close(master);
	pid = forkpty(&master, NULL, NULL, &win);
	if (pid < 0) {
		perror("forkpty");
		return -1;
	}
	if (pid == 0) {
		setenv("HOME", home, 1);
		setenv("TERM", "xterm", 1);
		execl(ovtsh, "ovtsh", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Ctrl-D; 1 when the shell left with status 0. */
static int quit(pid_t pid)
{
	int status = -1;

	type("\x04");
	for (int i = 0; i < 50 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(100000);
	if (!WIFEXITED(status))
		kill(pid, SIGKILL), waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Lines of the screen since the mark that hold s. */
static int screen_has(const char *s)
{
	int n = 0;

	for (const char *p = screen; (p = strstr(p, s)); p += strlen(s))
		n++;
	return n;
}

/* The pager on a 10-row terminal wide enough for help's lines: a page is
 * 9 lines, space shows 9 more, return one, q drops the rest (the prompt
 * comes back at once); "terminal length" changes it, 0 ends paging; a
 * filter's lines are paged too. */
static void test_pager(const char *ovtsh, const char *home)
{
	pid_t pid;

	win.ws_row = 10;
	win.ws_col = 250;
	pid = spawn(ovtsh, home);
	T_CHECK(expect("ovtsh[replk]# ", 5000));
	mark();
	type("help\r");
	T_CHECK(expect(" --More-- ", 2000));
	T_CHECK(strstr(screen, "iperf3 over a sweep of block lengths") != NULL);
	T_CHECK(strstr(screen, "Capture live on an interface") == NULL);
	mark();
	type(" ");
	T_CHECK(expect(" --More-- ", 2000));
	T_CHECK(strstr(screen, "Capture live on an interface") != NULL);
	mark();
	type("\r");
	T_CHECK(expect(" --More-- ", 2000));
	T_INTEQ(screen_has("\n"), 1);          /* one line more */
	mark();
	type("q");
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	T_CHECK(strstr(screen, "no tunnel IFNAME") == NULL);
	T_CHECK(strstr(screen, " --More-- ") == NULL);

	mark();
	type("show terminal\r");
	T_CHECK(expect("Length: 10 lines, from the terminal, width 250", 2000));
	T_CHECK(expect("Paging: on", 2000));
	mark();
	type("terminal length 4\r");
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	mark();
	type("help | include ^  (no|show) \r");
	T_CHECK(expect(" --More-- ", 2000));
	T_INTEQ(screen_has("\n  "), 3);        /* 3 filtered lines */
	type("q");
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	mark();
	type("terminal length 0\r");
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	mark();
	type("help\r");
	T_CHECK(expect("no tunnel IFNAME", 2000));
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	T_CHECK(strstr(screen, " --More-- ") == NULL);
	quit(pid);
	win.ws_row = 24;
	win.ws_col = 80;
}

int main(void)
{
	const char *ovtsh = getenv("OVTSH");
	char home[] = "/tmp/ovtsh-pty.XXXXXX", path[256], hist[512] = "";
	char victim[256], want[128], line[32];
	struct ovt_err e = { 0 };
	struct lab_lock lk;
	struct stat st;
	pid_t pid;
	FILE *fp;

	if (!ovtsh) {
		fprintf(stderr, "OVTSH is not set\n");
		return 1;
	}
	if (!mkdtemp(home))
		return 1;
	/* the shell's lab lock, in a directory of this test's own */
	setenv("OVTSH_LOCK_DIR", home, 1);
	setenv("OVTSH_LAB", "replk", 1);
	setenv("OVTSH_LOCK_WAIT", "0", 1);
	pid = spawn(ovtsh, home);
	if (pid < 0)
		return 1;

	/* a banner, then the prompt names the lab (not "default") */
	T_CHECK(expect("ovtsh " OVTSH_VERSION ", lab 'replk'. Type help or ? "
		       "for help, exit to leave.\n", 5000));
	T_CHECK(expect("ovtsh[replk]# ", 5000));
	/* TAB completes a unique prefix and adds a blank */
	mark();
	type("sh\t");
	T_CHECK(expect("show ", 2000));
	type("hi\t");
	T_CHECK(expect("history ", 2000));
	type("\r");
	T_CHECK(expect("1  show history", 2000));
	T_CHECK(expect("ovtsh[replk]# ", 2000));

	/* after '|', TAB completes a filter and '?' lists them */
	mark();
	type("show history | inc\t");
	T_CHECK(expect("| include ", 2000));
	type("?");
	T_CHECK(expect("REGEX", 2000));
	type("\x15");
	mark();
	type("show history | ?");
	T_CHECK(expect("begin", 2000));
	T_CHECK(expect("exclude", 2000));
	type("\x15");

	/* '?' lists the next words, then gives the line back */
	mark();
	type("show ?");
	T_CHECK(expect("history", 2000));
	T_CHECK(expect("version", 2000));
	T_CHECK(expect("ovtsh[replk]# show ", 2000));

	/* TAB with several candidates lists them */
	mark();
	type("\x15s\t\t");          /* Ctrl-U clears, "s" is ambiguous */
	T_CHECK(expect("source", 2000));
	T_CHECK(expect("show", 2000));

	/* Ctrl-C abandons the line; the shell stays */
	mark();
	type("\x15" "echo never");
	type("\x03");
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	mark();
	type("echo still here\r");
	T_CHECK(expect("still here", 2000));
	T_CHECK(strstr(screen, "never\n") == NULL);

	/* inside quotes '?' is text, not help */
	mark();
	type("echo \"why?\"\r");
	T_CHECK(expect("\nwhy?\n", 2000));
	T_CHECK(strstr(screen, "There is no matched command") == NULL);

	/* an error keeps the shell usable, with a caret */
	mark();
	type("show bogus\r");
	T_CHECK(expect("^", 2000));
	T_CHECK(expect("% Invalid input detected at '^' marker.", 2000));
	T_CHECK(expect("ovtsh[replk]# ", 2000));

	/* expect at the prompt: one line either way, no caret; the output
	 * it captured is not on the screen */
	mark();
	type("expect output \"echo hi\" contains \"hi\"\r");
	T_CHECK(expect("\n% expect passed\n", 2000));
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	T_CHECK(strstr(screen, "\nhi") == NULL);
	mark();
	type("expect output \"echo hi\" contains \"ho\"\r");
	T_CHECK(expect("\n% expect failed: \"echo hi\" printed 1 line without "
		       "\"ho\", the last: \"hi\"", 2000));
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	T_CHECK(strchr(screen, '^') == NULL);

	/* the caret is under the word in a mode, after "do" (the line's
	 * own column, not the inner command's) and after a tab (kept, so
	 * it expands to the same stop); the prompt is 26 columns */
	mark();
	type("tunnel ovtpty\r");
	T_CHECK(expect("ovtsh[replk](tun:ovtpty)# ", 2000));
	mark();
	type("  do show bogus\r");
	T_CHECK(expect("\n" "                          " "          ^\n", 2000));
	mark();
	type("\x16\tshow bogus\r");     /* Ctrl-V TAB: a literal tab */
	T_CHECK(expect("\n" "                          " "\t     ^\n", 2000));
	mark();
	type("end\r");
	T_CHECK(expect("ovtsh[replk]# ", 2000));

	/* the lab lock: a change waits for it (here not at all), a show
	 * does not; the shell holds it for one command, and an exit that
	 * applies a tunnel block takes it too */
	T_INTEQ(lab_lock_take(&lk, "replk", true, &e), 0);
	snprintf(want, sizeof(want), "%% lab 'replk' is locked by pid %d (",
		 (int)getpid());
	mark();
	type("no hypervisor host\r");
	T_CHECK(expect(want, 2000));
	T_CHECK(expect("; waited 0 s", 2000));
	mark();
	type("show version\r");
	T_CHECK(expect("ovtsh[replk]# ", 2000));
	T_CHECK(strstr(screen, "locked") == NULL);
	mark();
	type("tunnel t1\r");
	T_CHECK(expect("ovtsh[replk](tun:t1)# ", 2000));
	type("exit\r");
	T_CHECK(expect(want, 2000));
	T_CHECK(expect("ovtsh[replk](tun:t1)# ", 2000));  /* the block is kept */
	lab_lock_drop(&lk);
	mark();
	type("exit\r");
	T_CHECK(expect("tunnel t1 is incomplete", 2000));
	T_CHECK(expect("\novtsh[replk]# ", 2000));
	mark();
	type("no hypervisor host\r");
	T_CHECK(expect("the host's namespace cannot be deleted", 2000));
	T_CHECK(expect("\novtsh[replk]# ", 2000));
	/* released after it */
	T_INTEQ(lab_lock_take(&lk, "replk", true, &e), 0);
	lab_lock_drop(&lk);

	/* Ctrl-D on an empty line leaves */
	T_CHECK(quit(pid));

	snprintf(path, sizeof(path), "%s/.ovtsh_history", home);
	fp = fopen(path, "r");
	T_CHECK(fp != NULL);
	if (fp) {
		size_t n = fread(hist, 1, sizeof(hist) - 1, fp);

		hist[n] = '\0';
		fclose(fp);
	}
	/* libedit stores lines vis(3)-encoded: a blank is \040 */
	T_CHECK(strstr(hist, "show\\040history\n") != NULL);
	T_CHECK(strstr(hist, "echo\\040still\\040here\n") != NULL);
	T_CHECK(strstr(hist, "never") == NULL);
	/* a new history file is private */
	T_CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
	unlink(path);

	/* a link planted at the history file is not written through: one
	 * warning, the victim untouched */
	snprintf(victim, sizeof(victim), "%s/victim", home);
	fp = fopen(victim, "w");
	if (fp) {
		fputs("secret\n", fp);
		fclose(fp);
	}
	T_CHECK(symlink(victim, path) == 0);
	pid = spawn(ovtsh, home);
	T_CHECK(expect("ovtsh[replk]# ", 5000));
	mark();
	type("echo one\r");
	T_CHECK(expect("% History not saved: cannot write '", 2000));
	T_CHECK(expect("it is a symbolic link", 2000));
	T_CHECK(expect("one", 2000));
	mark();
	type("echo two\r");
	T_CHECK(expect("two", 2000));
	T_CHECK(strstr(screen, "History not saved") == NULL);
	quit(pid);
	fp = fopen(victim, "r");
	hist[0] = '\0';
	if (fp) {
		size_t n = fread(hist, 1, sizeof(hist) - 1, fp);

		hist[n] = '\0';
		fclose(fp);
	}
	T_STREQ(hist, "secret\n");
	T_CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
	unlink(path);
	unlink(victim);
	test_pager(ovtsh, home);

	/* Ctrl-D typed the moment the prompt shows leaves, also after a
	 * Ctrl-C that gave up a lock wait: the prompt is drawn only once the
	 * terminal is in edit mode (a Ctrl-D meeting the canonical tty was
	 * queued as a NUL, which libedit took for quoted-insert: a hang).
	 * A race, so twenty rounds; the first failure ends them. */
	setenv("OVTSH_LOCK_WAIT", "30", 1);
	T_INTEQ(lab_lock_take(&lk, "replk", true, &e), 0);
	for (int i = 0, ok = 1; i < 20 && ok; i++) {
		mark();
		pid = spawn(ovtsh, home);
		ok = pid > 0 && expect("ovtsh[replk]# ", 5000);
		mark();
		type("no hypervisor host\r");
		usleep(200000);
		type("\x03");
		ok = ok && expect("interrupted while waiting for the lock", 5000) &&
		     expect("ovtsh[replk]# ", 2000);
		mark();
		/* no pause after it (type's): wait on the prompt, as a
		 * user does */
		snprintf(line, sizeof(line), "echo eof-%d\r", i);
		ok = ok && write(master, line, strlen(line)) > 0;
		snprintf(want, sizeof(want), "\neof-%d\novtsh[replk]# ", i);
		ok = ok && expect(want, 2000);
		/* at once, on the prompt's heels; never kill(-1) */
		ok = pid > 0 && quit(pid) && ok;
		if (!ok)
			fprintf(stderr, "round %d: Ctrl-D did not end the "
				"shell; screen:\n%s\n", i, screen);
		T_CHECK(ok);
	}
	lab_lock_drop(&lk);

	/* a NUL (what a Ctrl-D typed during a command becomes) is not
	 * quoted-insert: the Ctrl-D after it still leaves */
	mark();
	pid = spawn(ovtsh, home);
	T_CHECK(expect("ovtsh[replk]# ", 5000));
	if (write(master, "", 1) < 0)
		perror("write");
	T_CHECK(pid > 0 && quit(pid));
	unlink(path);
	rmdir(home);
	T_DONE();
}
