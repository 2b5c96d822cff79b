/* vm_qemu.c - starting and stopping a VM's qemu (see ovtsh/vm.h).
 *
 * qemu runs detached (-daemonize: its first process returns once the
 * sockets listen), tagged "-name guest=ovtsh:LAB:NAME", with the serial
 * console in console.log, the agent's virtio-serial port and QMP on unix
 * sockets in the VM's runtime directory.  The start waits, bounded, for
 * the agent's answer; whatever fails kills qemu and removes the
 * directory.  accel auto asks KVM first with a bounded probe (a guest of
 * one hlt instruction): a KVM that is missing or hangs (this machine's
 * does) means software emulation, and the caller is told why.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "vm_int.h"

#define VM_KVM_PROBE_MS 2000

/* ---- the KVM probe ---- */

static const char *vm_qemu_bin(void)
{
	const char *q = getenv("OVTSH_QEMU");

	return q && *q ? q : "qemu-system-x86_64";
}


/* In a child: run one hlt in a fresh KVM guest; the exit code says how
 * far it got (0: it halted). */
static int __attribute__((noreturn)) vm_kvm_probe_child(void)
{
	struct kvm_userspace_memory_region reg = { .guest_phys_addr = 0x1000,
						   .memory_size = 0x1000 };
	struct kvm_sregs sr;
	struct kvm_regs rg = { .rip = 0x1000, .rflags = 2 };
	struct kvm_run *run;
	int kvm, vmfd, cpu;
	long sz;
	uint8_t *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		_exit(10);
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		_exit(11);
	vmfd = ioctl(kvm, KVM_CREATE_VM, 0);
	mem = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (vmfd < 0 || mem == MAP_FAILED)
		_exit(12);
	mem[0] = 0xf4;          /* hlt */
	reg.userspace_addr = (uintptr_t)mem;
	cpu = ioctl(vmfd, KVM_SET_USER_MEMORY_REGION, &reg) < 0 ? -1 :
	      ioctl(vmfd, KVM_CREATE_VCPU, 0);
	sz = cpu < 0 ? -1 : ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz <= 0)
		_exit(12);
	run = mmap(NULL, (size_t)sz, PROT_READ | PROT_WRITE, MAP_SHARED, cpu,
		   0);
	if (run == MAP_FAILED || ioctl(cpu, KVM_GET_SREGS, &sr) < 0)
		_exit(12);
	sr.cs.base = 0;
	sr.cs.selector = 0;
	if (ioctl(cpu, KVM_SET_SREGS, &sr) < 0 ||
	    ioctl(cpu, KVM_SET_REGS, &rg) < 0 || ioctl(cpu, KVM_RUN, 0) < 0)
		_exit(13);
	_exit(run->exit_reason == KVM_EXIT_HLT ? 0 : 13);
}

/* The ioctl probe in a child, bounded: 0, or -errno and why. */
static int vm_kvm_probe_ioctl(struct ovt_err *e)
{
	struct timespec t0, t1;
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		vm_kvm_probe_child();
	if (pid < 0)
		return ovt_err_set(e, errno, "fork: %s", strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (waitpid(pid, &st, WNOHANG) != pid) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000 > VM_KVM_PROBE_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return ovt_err_set(e, ETIMEDOUT, "KVM does not answer "
					   "(a probe guest did not halt within "
					   "%d ms)", VM_KVM_PROBE_MS);
		}
		usleep(10000);
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	return ovt_err_set(e, ENODEV, "%s", WIFEXITED(st) &&
			   WEXITSTATUS(st) == 10 ? "no usable /dev/kvm" :
			   "KVM cannot run a guest here");
}

/* The guest's kernel under qemu with KVM, no initramfs: a working KVM
 * prints the kernel's banner on the serial line within a second; a
 * hanging one (nested KVM here) prints nothing.  Bounded, then killed. */
static int vm_kvm_probe_boot(const char *kernel, struct ovt_err *e)
{
	char *argv[] = { (char *)vm_qemu_bin(), "-accel", "kvm", "-m", "128",
			 "-nodefaults", "-no-user-config", "-display", "none",
			 "-no-reboot", "-serial", "stdio", "-monitor", "none",
			 "-kernel", (char *)kernel, "-append",
			 "console=ttyS0 earlyprintk=ttyS0 panic=-1", NULL };
	char buf[4096];
	size_t got = 0;
	int p[2], st, r = -ETIMEDOUT;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return ovt_err_set(e, errno, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		cancel_child();
		dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	for (int waited = 0; pid > 0 && waited < VM_KVM_PROBE_MS;) {
		struct pollfd pf = { .fd = p[0], .events = POLLIN };
		ssize_t n;

		if (poll(&pf, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		n = read(p[0], buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
		if (strstr(buf, "Linux version")) {
			r = 0;
			break;
		}
		if (got == sizeof(buf) - 1)
			break;
	}
	close(p[0]);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	if (r < 0)
		ovt_err_set(e, ETIMEDOUT, "KVM does not boot the guest's "
			    "kernel (no output within %d ms)", VM_KVM_PROBE_MS);
	return r;
}

/* 0 when KVM boots kernel; else -errno and why.  The verdict is kept
 * for the host's uptime in /run/ovtsh/kvm-probe ("ok" or the reason):
 * a hanging KVM costs its bounded wait once, not at every start. */
static int vm_kvm_probe(const char *kernel, struct ovt_err *e)
{
	static const char path[] = "/run/ovtsh/kvm-probe";
	char buf[OVT_ERR_MSG];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), r;
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	struct ovt_err pe = { 0 };

	if (fd >= 0)
		close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if (!strcmp(buf, "ok"))
			return 0;
		return ovt_err_set(e, ENODEV, "%s", buf);
	}
	r = vm_kvm_probe_ioctl(&pe);
	if (r == 0)
		r = vm_kvm_probe_boot(kernel, &pe);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
		  O_CLOEXEC, 0600);
	if (fd >= 0) {
		const char *v = r == 0 ? "ok" : pe.msg;

		if (write(fd, v, strlen(v)) < 0)
			unlink(path);
		close(fd);
	}
	if (r < 0 && e)
		*e = pe;
	return r;
}

/* ---- the runtime directory ---- */

/* Remove the VM's directory and what ovtsh put in it. */
static void vm_dir_remove(const char *name)
{
	static const char *const files[] = {
		"lab", "conf", "qemu.pid", "agent.sock", "qmp.sock",
		"console.log", "qemu.log", "links", NULL
	};
	char p[160];

	for (int i = 0; files[i]; i++)
		if (vm_path(name, files[i], p, sizeof(p)) == 0)
			unlink(p);
	if (vm_path(name, NULL, p, sizeof(p)) == 0)
		rmdir(p);
}

static int vm_write_file(const char *name, const char *file,
			 const char *text, struct ovt_err *e)
{
	char p[160];
	FILE *fp;
	int fd, r = 0;

	if (vm_path(name, file, p, sizeof(p)) < 0)
		return ovt_err_set(e, ENAMETOOLONG, "vm '%s': name too long",
				   name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	fp = fd < 0 ? NULL : fdopen(fd, "w");
	if (!fp || fputs(text, fp) < 0)
		r = ovt_err_set(e, errno, "%s: %s", p, strerror(errno));
	if (fp && fclose(fp) != 0 && r == 0)
		r = ovt_err_set(e, errno, "%s: %s", p, strerror(errno));
	if (!fp && fd >= 0)
		close(fd);
	return r;
}

static int vm_write_conf(const struct vm_info *vi, struct ovt_err *e)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "memory %u\ncpus %u\naccel %s\n"
		 "accel-used %s\nkernel %s\nkernel-used %s\nstarted %lld\n"
		 "boot-ms %u\n", vi->conf.memory, vi->conf.cpus,
		 vm_accel_name(vi->conf.accel), vm_accel_name(vi->accel_used),
		 vi->conf.kernel, vi->kernel_used, (long long)vi->started,
		 vi->boot_ms);
	return vm_write_file(vi->name, "conf", buf, e);
}

/* The last line the guest wrote on its console, for an error. */
static void vm_console_tail(const char *name, char *buf, size_t len)
{
	char p[160], line[256];
	FILE *fp;

	buf[0] = '\0';
	if (vm_path(name, "console.log", p, sizeof(p)) < 0 ||
	    !(fp = fopen(p, "re")))
		return;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0])
			snprintf(buf, len, "%.150s", line);
	}
	fclose(fp);
}

/* ---- start ---- */

#define VM_ARGS 48

/* qemu's argv for vi, in v (strings in s, one per slot). */
static void vm_qemu_argv(const struct vm_info *vi, const char *kernel,
			 const char *initrd, char s[][600], char **v)
{
	char dir[160];
	int n = 0;

	vm_path(vi->name, NULL, dir, sizeof(dir));
#define A(...) (snprintf(s[n], 600, __VA_ARGS__), v[n] = s[n], n++)
	A("%s", vm_qemu_bin());
	A("-name");
	A("guest=ovtsh:%s:%s", vi->lab, vi->name);
	A("-accel");
	A("%s", vm_accel_name(vi->accel_used));
	A("-m");
	A("%u", vi->conf.memory);
	A("-smp");
	A("%u", vi->conf.cpus);
	A("-nodefaults");
	A("-no-user-config");
	A("-display");
	A("none");
	A("-no-reboot");
	A("-serial");
	A("file:%s/console.log", dir);
	A("-kernel");
	A("%s", kernel);
	A("-initrd");
	A("%s", initrd);
	A("-append");
	/* quiet, no i8042 probing, one UART: a faster boot under tcg;
	 * no self-tests of the crypto algorithms at their registration
	 * (~0.25 s under tcg; the guest uses no crypto it must trust) */
	A("console=ttyS0 quiet panic=-1 i8042.noaux i8042.nomux i8042.nopnp "
	  "8250.nr_uarts=1 cryptomgr.notests");
	A("-device");
	A("virtio-serial-pci,id=vs0");
	A("-chardev");
	A("socket,id=agent,path=%s/agent.sock,server=on,wait=off", dir);
	A("-device");
	A("virtserialport,bus=vs0.0,chardev=agent,name=" VM_AGENT_PORT);
	A("-qmp");
	A("unix:%s/qmp.sock,server=on,wait=off", dir);
	A("-pidfile");
	A("%s/qemu.pid", dir);
	A("-daemonize");
#undef A
	v[n] = NULL;
}

/* Run qemu until it has daemonized (bounded); its log in qemu.log. */
static int vm_qemu_spawn(const struct vm_info *vi, const char *kernel,
			 const char *initrd, struct ovt_err *e)
{
	static char s[VM_ARGS][600];
	char *v[VM_ARGS + 1], log[160], msg[256] = "";
	int st = 0, fd;
	pid_t pid;

	vm_qemu_argv(vi, kernel, initrd, s, v);
	vm_path(vi->name, "qemu.log", log, sizeof(log));
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		return ovt_err_set(e, errno, "%s: %s", log, strerror(errno));
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		cancel_child();
		setsid();       /* detached: no Ctrl-C of the shell reaches it */
		if (null >= 0)
			dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(v[0], v);
		dprintf(2, "%s: %s\n", v[0], strerror(errno));
		_exit(127);
	}
	close(fd);
	if (pid < 0)
		return ovt_err_set(e, errno, "fork: %s", strerror(errno));
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	/* qemu says why on its stderr: its first line */
	if ((fd = open(log, O_RDONLY | O_CLOEXEC)) >= 0) {
		ssize_t n = read(fd, msg, sizeof(msg) - 1);

		msg[n > 0 ? n : 0] = '\0';
		msg[strcspn(msg, "\n")] = '\0';
		close(fd);
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		return ovt_err_set(e, ENOENT, "cannot run %s: not installed "
				   "(qemu-system-x86)", v[0]);
	return ovt_err_set(e, EIO, "qemu failed: %s", msg[0] ? msg :
			   "no message");
}

static void vm_kill(const char *name)
{
	struct vm_info vi;

	if (vm_inspect(name, &vi, NULL) == 0 && vi.running) {
		kill(vi.pid, SIGKILL);
		/* not our child (daemonized): wait for it to be gone */
		for (int i = 0; i < 200 && kill(vi.pid, 0) == 0; i++)
			usleep(10000);
	}
}

static int vm_pick_accel(struct vm_info *vi, char *note, size_t nlen,
			 struct ovt_err *e)
{
	struct ovt_err ke = { 0 };

	vi->accel_used = vi->conf.accel;
	if (vi->conf.accel == VM_ACCEL_TCG)
		return 0;
	if (vm_kvm_probe(vi->kernel_used, &ke) == 0) {
		vi->accel_used = VM_ACCEL_KVM;
		if (vi->conf.accel == VM_ACCEL_AUTO)
			snprintf(note, nlen, "accel auto: using kvm");
		return 0;
	}
	if (vi->conf.accel == VM_ACCEL_KVM)
		return ovt_err_set(e, ke.code, "accel kvm: %s (use 'accel "
				   "auto' or 'accel tcg')", ke.msg);
	vi->accel_used = VM_ACCEL_TCG;
	snprintf(note, nlen, "accel auto: %s; using tcg (software "
		 "emulation)", ke.msg);
	return 0;
}

/* The kernel release of a kernel image's name ("vmlinuz-6.1.0-x"). */
static int vm_kver_of(const char *kernel, char *kver, size_t len,
		      struct ovt_err *e)
{
	const char *b = strrchr(kernel, '/');
	char p[300];
	struct stat st;

	b = b ? b + 1 : kernel;
	if (access(kernel, R_OK) < 0)
		return ovt_err_set(e, errno, "kernel %s: %s", kernel,
				   strerror(errno));
	if (strncmp(b, "vmlinuz-", 8) || !b[8])
		return ovt_err_set(e, EINVAL, "kernel %s: its name must be "
				   "vmlinuz-RELEASE, to find its modules",
				   kernel);
	snprintf(kver, len, "%s", b + 8);
	snprintf(p, sizeof(p), "/lib/modules/%s", kver);
	if (stat(p, &st) < 0)
		return ovt_err_set(e, ENOENT, "kernel %s: no modules in %s",
				   kernel, p);
	return 0;
}

/* Ask the agent until it answers; the boot's bound is the deadline. */
static int vm_wait_agent(struct vm_info *vi, struct ovt_err *e)
{
	int limit = vm_env_ms("OVTSH_VM_BOOT_TIMEOUT", 120);
	struct vm_link *l = calloc(1, sizeof(*l));
	char tail[200];
	int r;

	if (!l)
		return ovt_err_set(e, ENOMEM, "out of memory");
	r = vm_agent_connect(vi->name, l, limit, e);
	if (r >= 0)
		close(r);
	free(l);
	if (r == -ETIMEDOUT || r == -ECONNRESET) {
		vm_console_tail(vi->name, tail, sizeof(tail));
		ovt_err_set(e, ETIMEDOUT, "vm '%s': the guest's agent did not "
			    "answer within %.1f s%s%s%s", vi->name,
			    limit / 1000.0, tail[0] ? " (console: \"" : "",
			    tail, tail[0] ? "\")" : "");
	}
	return r < 0 ? r : 0;
}

int vm_start(const char *name, const struct vm_conf *conf,
	     struct vm_info *vi, char *note, size_t nlen, struct ovt_err *e)
{
	char initrd[512], kver[128], pid[32], boot[512];
	struct timespec t0, t1;
	int r;

	note[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(vi, 0, sizeof(*vi));
	snprintf(vi->name, sizeof(vi->name), "%s", name);
	snprintf(vi->lab, sizeof(vi->lab), "%s", lab_name());
	vi->conf = *conf;
	if (conf->kernel[0])
		snprintf(vi->kernel_used, sizeof(vi->kernel_used), "%s",
			 conf->kernel);
	else if ((r = vm_kernel_default(vi->kernel_used,
					sizeof(vi->kernel_used), e)) < 0)
		return r;
	if ((r = vm_kver_of(vi->kernel_used, kver, sizeof(kver), e)) < 0 ||
	    (r = vm_pick_accel(vi, note, nlen, e)) < 0 ||
	    (r = vm_initrd(kver, initrd, sizeof(initrd), e)) < 0 ||
	    (r = vm_kernel_boot(vi->kernel_used, boot, sizeof(boot), e)) < 0 ||
	    (r = vm_dir_make("/run/ovtsh", e)) < 0 ||
	    (r = vm_dir_make(VM_RUN_DIR, e)) < 0)
		return r;
	vm_path(name, NULL, pid, sizeof(pid));
	/* a stopped VM's directory is reused; its old sockets go */
	vm_dir_remove(name);
	if ((r = vm_dir_make(pid, e)) < 0)
		return r;
	vi->started = time(NULL);
	if ((r = vm_write_file(name, "lab", lab_name(), e)) < 0 ||
	    (r = vm_write_conf(vi, e)) < 0 ||
	    (r = vm_qemu_spawn(vi, boot, initrd, e)) < 0 ||
	    (r = vm_wait_agent(vi, e)) < 0)
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	vi->boot_ms = (unsigned)((t1.tv_sec - t0.tv_sec) * 1000 +
				 (t1.tv_nsec - t0.tv_nsec) / 1000000);
	if ((r = vm_write_conf(vi, e)) < 0)
		goto fail;
	return vm_inspect(name, vi, e);
fail:
	vm_kill(name);
	vm_dir_remove(name);
	return r;
}

int vm_remove(const char *name, struct ovt_err *e)
{
	struct vm_info vi;
	int r = vm_inspect(name, &vi, e);

	if (r < 0)
		return r;
	vm_kill(name);
	vm_dir_remove(name);
	return 0;
}
