/* vm_state.c - a VM's runtime directory, read back: who owns it, its
 * settings, whether its qemu still runs (see ovtsh/vm.h).
 *
 * VM_RUN_DIR/NAME/ holds "lab", "conf" (key value lines) and "qemu.pid";
 * a qemu counts as this VM's only when its command line carries the
 * VM's tag ("-name guest=ovtsh:LAB:NAME"), so a reused pid is never
 * taken for it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovtsh/value.h"
#include "vm_int.h"

void vm_conf_default(struct vm_conf *c)
{
	*c = (struct vm_conf){ .memory = VM_MEM_DEF, .cpus = VM_CPUS_DEF,
			       .accel = VM_ACCEL_AUTO };
}

static const char *const vm_accel_names[] = {
	[VM_ACCEL_AUTO] = "auto", [VM_ACCEL_KVM] = "kvm",
	[VM_ACCEL_TCG] = "tcg",
};

const char *vm_accel_name(enum vm_accel a)
{
	return (unsigned)a <= VM_ACCEL_TCG ? vm_accel_names[a] : "?";
}

int vm_accel_parse(const char *s)
{
	for (int i = 0; i <= VM_ACCEL_TCG; i++)
		if (s && !strcmp(s, vm_accel_names[i]))
			return i;
	return -1;
}

/* dir made 0700 when missing; refused unless it is this user's own and
 * closed to others. */
int vm_dir_make(const char *dir, struct ovt_err *e)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return ovt_err_set(e, errno, "cannot create %s: %s", dir,
				   strerror(errno));
	if (lstat(dir, &st) < 0)
		return ovt_err_set(e, errno, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022))
		return ovt_err_set(e, EPERM, "%s is not a directory of this "
				   "user closed to others: not using it", dir);
	return 0;
}

int vm_path(const char *name, const char *file, char *buf, size_t len)
{
	int n = snprintf(buf, len, VM_RUN_DIR "/%s%s%s", name,
			 file ? "/" : "", file ? file : "");

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* The VM's file into buf (its first line only when line); -errno. */
static int vm_read_file(const char *name, const char *file, char *buf,
			size_t len, bool line)
{
	char p[160];
	ssize_t n;
	int fd;

	if (vm_path(name, file, p, sizeof(p)) < 0)
		return -ENAMETOOLONG;
	fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (line)
		buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Is pid the qemu tagged for lab/name? */
static bool vm_pid_is(pid_t pid, const char *lab, const char *name)
{
	char p[64], cmd[4096], tag[160];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/cmdline", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n <= 0)
		return false;
	snprintf(tag, sizeof(tag), "guest=ovtsh:%s:%s", lab, name);
	for (ssize_t o = 0; o < n; o += (ssize_t)strlen(cmd + o) + 1) {
		cmd[n] = '\0';
		if (!strcmp(cmd + o, tag))
			return true;
	}
	return false;
}

static void vm_conf_parse(struct vm_info *vi, char *buf)
{
	char *save = NULL;

	for (char *l = strtok_r(buf, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		char *v = strchr(l, ' ');
		int a;

		if (!v)
			continue;
		*v++ = '\0';
		if (!strcmp(l, "memory"))
			vi->conf.memory = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(l, "cpus"))
			vi->conf.cpus = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(l, "accel") && (a = vm_accel_parse(v)) >= 0)
			vi->conf.accel = (enum vm_accel)a;
		else if (!strcmp(l, "accel-used") &&
			 (a = vm_accel_parse(v)) >= 0)
			vi->accel_used = (enum vm_accel)a;
		else if (!strcmp(l, "kernel"))
			snprintf(vi->conf.kernel, sizeof(vi->conf.kernel),
				 "%s", v);
		else if (!strcmp(l, "kernel-used"))
			snprintf(vi->kernel_used, sizeof(vi->kernel_used),
				 "%s", v);
		else if (!strcmp(l, "started"))
			vi->started = (time_t)strtoll(v, NULL, 10);
		else if (!strcmp(l, "boot-ms"))
			vi->boot_ms = (unsigned)strtoul(v, NULL, 10);
	}
}

int vm_inspect(const char *name, struct vm_info *vi, struct ovt_err *e)
{
	char buf[2048], p[160];
	struct stat st;
	int r;

	memset(vi, 0, sizeof(*vi));
	vm_conf_default(&vi->conf);
	if (val_node_name("vm", name, sizeof(vi->name), e) < 0)
		return -EINVAL;
	snprintf(vi->name, sizeof(vi->name), "%s", name);
	if (vm_path(name, NULL, p, sizeof(p)) < 0)
		return ovt_err_set(e, ENAMETOOLONG, "vm '%s': name too long",
				   name);
	if (lstat(p, &st) < 0 || !S_ISDIR(st.st_mode))
		return ovt_err_set(e, ENOENT, "vm '%s' does not exist", name);
	r = vm_read_file(name, "lab", vi->lab, sizeof(vi->lab), true);
	if (r < 0)        /* a directory being made or removed right now */
		return ovt_err_set(e, ENOENT, "vm '%s' does not exist", name);
	if (vm_read_file(name, "conf", buf, sizeof(buf), false) == 0)
		vm_conf_parse(vi, buf);
	if (vm_read_file(name, "qemu.pid", buf, sizeof(buf), true) == 0) {
		pid_t pid = (pid_t)strtol(buf, NULL, 10);

		if (pid > 0 && vm_pid_is(pid, vi->lab, name)) {
			vi->pid = pid;
			vi->running = true;
		}
	}
	return 0;
}

int vm_lab_check(const char *name, struct ovt_err *e)
{
	struct vm_info vi;
	int r = vm_inspect(name, &vi, e);

	if (r < 0)
		return r;
	if (strcmp(vi.lab, lab_name()))
		return ovt_err_set(e, EEXIST, "vm '%s' belongs to lab '%s', "
				   "not to lab '%s'; not touching it", name,
				   vi.lab, lab_name());
	return 0;
}

static int vm_info_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vm_info *)a)->name,
		      ((const struct vm_info *)b)->name);
}

int vm_list_lab(const char *lab, struct vm_info **out, int *cnt,
		struct ovt_err *e)
{
	DIR *d = opendir(VM_RUN_DIR);
	struct vm_info *v = NULL, *nv;
	struct dirent *de;
	int n = 0;

	*out = NULL;
	*cnt = 0;
	if (!d)
		return errno == ENOENT ? 0 :
		       ovt_err_set(e, errno, "%s: %s", VM_RUN_DIR,
				   strerror(errno));
	while ((de = readdir(d))) {
		struct vm_info vi;

		if (de->d_name[0] == '.' ||
		    vm_inspect(de->d_name, &vi, NULL) < 0 ||
		    strcmp(vi.lab, lab))
			continue;
		nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv) {
			free(v);
			closedir(d);
			return ovt_err_set(e, ENOMEM, "out of memory");
		}
		v = nv;
		v[n++] = vi;
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), vm_info_cmp);
	*out = v;
	*cnt = n;
	return 0;
}
