/* sc_counts - a tracee with known syscall counts for the trace tests:
 * exactly N getppid calls (default 1000) and 10 failing close(-1), with
 * optional threads and a child process doing the same, so that following
 * threads and forks is checked too.
 *
 *   sc_counts [getppid-count] [threads] [forks]
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long sc_n = 1000;

/* LeakSanitizer stops the world with ptrace at exit, which cannot work in
 * a process that is already traced: off in the sanitizer builds. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

static void *sc_work(void *arg)
{
	(void)arg;
	for (long i = 0; i < sc_n; i++)
		syscall(SYS_getppid);
	for (int i = 0; i < 10; i++)
		syscall(SYS_close, -1);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 2 ? atoi(argv[2]) : 0;
	int forks = argc > 3 ? atoi(argv[3]) : 0;
	pthread_t tid[16];

	if (argc > 1)
		sc_n = atol(argv[1]);
	if (threads > 16)
		threads = 16;
	for (int i = 0; i < forks; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			sc_work(NULL);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	for (int i = 0; i < threads; i++)
		pthread_create(&tid[i], NULL, sc_work, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	sc_work(NULL);
	return 3;
}
