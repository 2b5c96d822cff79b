/* bpf_floor - run a program while empty BPF programs sit on the syscall
 * tracepoints that the eBPF trace method uses (bpf_floor.bpf.o beside
 * this binary): the cost every syscall pays for the mechanism alone,
 * before any tracer does anything (tests/bench/trace_ebpf.sh).  The links
 * go with this process.
 *
 *   bpf_floor PROGRAM [ARG...]
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char self[PATH_MAX], obj[PATH_MAX + 32], *slash;
	struct bpf_object *o;
	struct bpf_program *p;
	ssize_t n;
	pid_t pid;
	int st;

	if (argc < 2) {
		fprintf(stderr, "usage: bpf_floor PROGRAM [ARG...]\n");
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return perror("bpf_floor: /proc/self/exe"), 1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	snprintf(obj, sizeof(obj), "%.*s/bpf_floor.bpf.o",
		 slash ? (int)(slash - self) : 1, slash ? self : ".");
	o = bpf_object__open_file(obj, NULL);
	if (!o || bpf_object__load(o) < 0) {
		fprintf(stderr, "bpf_floor: %s: cannot load: %s\n", obj,
			strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(p, o)
		if (!bpf_program__attach(p)) {
			fprintf(stderr, "bpf_floor: attach %s: %s\n",
				bpf_program__name(p), strerror(errno));
			return 1;
		}
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return perror("bpf_floor"), 1;
	bpf_object__close(o);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
