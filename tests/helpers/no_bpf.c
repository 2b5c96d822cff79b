/* no_bpf - run a program as on a kernel built without BPF: bpf(2) fails
 * with ENOSYS (a seccomp filter), as where CONFIG_BPF_SYSCALL is off.
 *
 *   no_bpf PROGRAM [ARG...]
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;

	if (argc < 2) {
		fprintf(stderr, "usage: no_bpf PROGRAM [ARG...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
				     SCMP_SYS(bpf), 0) < 0 ||
	    seccomp_load(ctx) < 0) {
		fprintf(stderr, "no_bpf: cannot load the seccomp filter\n");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
