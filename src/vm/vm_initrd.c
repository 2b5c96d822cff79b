/* vm_initrd.c - the guest's initramfs, assembled from the host's own
 * files and cached (see ovtsh/vm.h).
 *
 * What goes in: busybox (static) for the shell and mounts, ovtsh itself
 * (the agent) and iperf3 with every library ldd names and the loader,
 * the kernel modules a lab guest needs with their dependencies from
 * modules.dep (under /lib/modules/KVER with their modules.dep and
 * modules.alias lines; the boot set in /etc/modules.load for insmod),
 * and /init.  The archive is an uncompressed cpio (newc): the guest unpacks
 * it faster than it would inflate it under software emulation.  It is
 * cached in VM_CACHE_DIR (0700, this user's) under a name made of the
 * kernel release and a hash of the ovtsh binary, written to a temporary
 * and renamed (safefile), so a concurrent start never reads half a file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/safefile.h"
#include "vm_int.h"

/* Bumped when what goes into the archive changes: old caches go stale. */
#define VM_INITRD_FORMAT 2

/* Modules of the guest, with what modules.dep says they need.  The
 * first VM_MODULES_BOOT are loaded by /init (the agent's port, and the
 * NICs: a hot-plugged PCI device finds its driver only if it is there,
 * no udev asks for it); the others the guest kernel loads when a
 * command first needs them (request_module: "rtnl-link-vxlan" when a
 * vxlan is made, "char-major-10-200" when /dev/net/tun is opened).
 * insmod under software emulation is slow: ~0.45 s for all of them at
 * boot, nothing for a lab that never makes a tunnel. */
#define VM_MODULES_BOOT 3
static const char *const vm_modules[] = {
	"virtio_pci", "virtio_console", "virtio_net", "veth", "bridge",
	"vxlan", "ip_gre", "tun", NULL
};

/* Programs copied with their libraries: the agent and iperf3. */
static const char *const vm_progs[] = { "/usr/bin/iperf3", NULL };

static const char vm_init_script[] =
	"#!/bin/sh\n"
	"# /init of an ovtsh VM: mounts, modules, then the agent\n"
	"export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root\n"
	"/bin/busybox --install -s /bin\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sys /sys\n"
	"mount -t devtmpfs dev /dev\n"
	"mount -t tmpfs run /run\n"
	"mkdir -p /run/netns /tmp /root /dev/net\n"
	"echo /bin/modprobe >/proc/sys/kernel/modprobe\n"
	"[ -e /dev/net/tun ] || mknod /dev/net/tun c 10 200\n"
	"while read -r m; do insmod \"$m\" 2>/dev/null; done "
	"</etc/modules.load\n"
	"ip link set lo up\n"
	"exec /usr/bin/ovtsh --agent " VM_AGENT_PORT "\n";

/* ---- a cpio (newc) writer ---- */

struct cpio {
	FILE *fp;
	unsigned ino;
	char **dirs;          /* directories written so far */
	int ndirs;
	int err;              /* first errno */
};

static void cpio_hdr(struct cpio *c, const char *name, unsigned mode,
		     unsigned long size)
{
	size_t nl = strlen(name) + 1;
	static const char zero[4];

	fprintf(c->fp, "070701%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X"
		"%08zX%08X", ++c->ino, mode, 0u, 0u, 1u, 0u, size, 0u, 0u,
		0u, 0u, nl, 0u);
	fwrite(name, 1, nl, c->fp);
	fwrite(zero, 1, (4 - (110 + nl) % 4) % 4, c->fp);
}

static void cpio_pad(struct cpio *c, unsigned long size)
{
	static const char zero[4];

	fwrite(zero, 1, (4 - size % 4) % 4, c->fp);
}

/* Add s to the names written so far (directories, libraries): false
 * when it was there already (or memory ran out: c->err says so). */
static bool cpio_seen_add(struct cpio *c, const char *s)
{
	char **nd;

	for (int i = 0; i < c->ndirs; i++)
		if (!strcmp(c->dirs[i], s))
			return false;
	nd = realloc(c->dirs, (size_t)(c->ndirs + 1) * sizeof(*nd));
	if (nd)
		c->dirs = nd;
	if (!nd || !(nd[c->ndirs] = strdup(s))) {
		c->err = ENOMEM;
		return false;
	}
	c->ndirs++;
	return true;
}

/* Every parent directory of path ("usr/lib/x" -> "usr", "usr/lib"). */
static void cpio_parents(struct cpio *c, const char *path)
{
	char d[512];

	for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		if ((size_t)(s - path) >= sizeof(d)) {
			c->err = ENAMETOOLONG;
			return;
		}
		snprintf(d, sizeof(d), "%.*s", (int)(s - path), path);
		if (*d && cpio_seen_add(c, d))
			cpio_hdr(c, d, 040755, 0);
	}
}

static void cpio_data(struct cpio *c, const char *path, unsigned mode,
		      const void *p, size_t n)
{
	path += *path == '/';
	cpio_parents(c, path);
	cpio_hdr(c, path, mode, n);
	fwrite(p, 1, n, c->fp);
	cpio_pad(c, n);
}

/* The host file src at dst, symlinks followed. */
static int cpio_file(struct cpio *c, const char *src, const char *dst,
		     struct ovt_err *e)
{
	int fd = open(src, O_RDONLY | O_CLOEXEC);
	char buf[65536];
	struct stat st;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = fd < 0 ? errno : EINVAL;

		if (fd >= 0)
			close(fd);
		return ovt_err_set(e, err, "initramfs: %s: %s", src,
				   strerror(err));
	}
	dst += *dst == '/';
	cpio_parents(c, dst);
	cpio_hdr(c, dst, 0100000 | (st.st_mode & 0755), (unsigned long)st.st_size);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, c->fp);
	close(fd);
	cpio_pad(c, (unsigned long)st.st_size);
	return 0;
}

/* ---- programs and their libraries (ldd) ---- */

/* ldd's output for prog into a malloc'ed string. */
static char *vm_ldd(const char *prog)
{
	int p[2];
	pid_t pid;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	if (pipe2(p, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(p[1], 1);
		if (null >= 0)
			dup2(null, 2);
		execlp("ldd", "ldd", prog, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	out = open_memstream(&buf, &len);
	if (pid > 0 && out) {
		char b[4096];
		ssize_t n;

		while ((n = read(p[0], b, sizeof(b))) > 0)
			fwrite(b, 1, (size_t)n, out);
	}
	close(p[0]);
	if (out)
		fclose(out);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return buf;
}

static int cpio_prog(struct cpio *c, const char *src, const char *dst,
		     struct ovt_err *e)
{
	char *ldd, *save = NULL;
	int r = cpio_file(c, src, dst, e);

	if (r < 0 || !(ldd = vm_ldd(src)))
		return r;
	for (char *l = strtok_r(ldd, "\n", &save); l && r == 0;
	     l = strtok_r(NULL, "\n", &save)) {
		/* "libx.so => /lib/x/libx.so (0x...)" or "/lib64/ld... (0x)" */
		char *p = strstr(l, "=> ");

		p = p ? p + 3 : l + strspn(l, " \t");
		if (*p != '/')
			continue;
		p[strcspn(p, " \t(")] = '\0';
		/* libraries are kept as "/path", directories as "path" */
		if (cpio_seen_add(c, p))
			r = cpio_file(c, p, p, e);
	}
	free(ldd);
	return r;
}

/* ---- modules ---- */

struct vm_mods {
	char *dep;            /* modules.dep, whole */
	char **order;         /* paths relative to the modules dir, deps first */
	int n;
};

/* modules.dep's line of the module named name ("ip_gre", '-' = '_'). */
static char *vm_mod_line(const char *dep, const char *name, bool by_path)
{
	for (const char *l = dep; l && *l;) {
		const char *nl = strchr(l, '\n'), *colon = strchr(l, ':');
		const char *base, *end;

		if (!nl)
			nl = l + strlen(l);
		if (colon && colon < nl) {
			if (by_path) {
				if ((size_t)(colon - l) == strlen(name) &&
				    !strncmp(l, name, strlen(name)))
					return strndup(l, (size_t)(nl - l));
			} else {
				base = memrchr(l, '/', (size_t)(colon - l));
				base = base ? base + 1 : l;
				end = strstr(base, ".ko");
				if (end && end < colon &&
				    (size_t)(end - base) == strlen(name)) {
					size_t i = 0;

					while (i < strlen(name) &&
					       (base[i] == name[i] ||
						(base[i] == '-' && name[i] == '_') ||
						(base[i] == '_' && name[i] == '-')))
						i++;
					if (i == strlen(name))
						return strndup(l, (size_t)(nl - l));
				}
			}
		}
		l = *nl ? nl + 1 : nl;
	}
	return NULL;
}

static int vm_mod_add(struct vm_mods *m, const char *line, int depth)
{
	char *copy = strdup(line), *colon, *save = NULL, **no;
	int r = 0;

	if (!copy || depth > 32) {
		free(copy);
		return -ELOOP;
	}
	colon = strchr(copy, ':');
	*colon = '\0';
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->order[i], copy)) {
			free(copy);
			return 0;
		}
	for (char *d = strtok_r(colon + 1, " ", &save); d && r == 0;
	     d = strtok_r(NULL, " ", &save)) {
		char *dl = vm_mod_line(m->dep, d, true);

		r = dl ? vm_mod_add(m, dl, depth + 1) : -ENOENT;
		free(dl);
	}
	no = realloc(m->order, (size_t)(m->n + 1) * sizeof(*no));
	if (r == 0 && no) {
		m->order = no;
		m->order[m->n++] = strdup(copy);
	} else if (no) {
		m->order = no;
	}
	free(copy);
	return r;
}

static char *vm_slurp(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, n;
	char b[65536];
	FILE *out = open_memstream(&buf, &len);

	while (fp && out && (n = fread(b, 1, sizeof(b), fp)) > 0)
		fwrite(b, 1, n, out);
	if (out)
		fclose(out);
	if (!fp) {
		free(buf);
		return NULL;
	}
	fclose(fp);
	return buf;
}

/* Is the module named name ("ip_gre", '-' = '_') one of m's? */
static bool vm_mod_has(const struct vm_mods *m, const char *name)
{
	for (int i = 0; i < m->n; i++) {
		const char *b = strrchr(m->order[i], '/');
		size_t k = 0;

		b = b ? b + 1 : m->order[i];
		while (name[k] && (b[k] == name[k] ||
				   (strchr("-_", b[k]) && strchr("-_", name[k]))))
			k++;
		if (!name[k] && !strcmp(b + k, ".ko"))
			return true;
	}
	return false;
}

/* The host's modules.alias lines naming one of m's modules: what the
 * guest's modprobe needs to map "rtnl-link-vxlan" to vxlan. */
static void vm_mod_aliases(const struct vm_mods *m, const char *alias,
			   FILE *out)
{
	for (const char *l = alias; l && *l;) {
		const char *nl = strchr(l, '\n'), *sp;
		char name[64];

		if (!nl)
			nl = l + strlen(l);
		sp = memrchr(l, ' ', (size_t)(nl - l));
		if (!strncmp(l, "alias ", 6) && sp && nl - sp - 1 > 0 &&
		    nl - sp - 1 < (long)sizeof(name)) {
			memcpy(name, sp + 1, (size_t)(nl - sp - 1));
			name[nl - sp - 1] = '\0';
			if (vm_mod_has(m, name)) {
				fwrite(l, 1, (size_t)(nl - l), out);
				fputc('\n', out);
			}
		}
		l = *nl ? nl + 1 : nl;
	}
}

/* The modules under /lib/modules/KVER as on the host, with their
 * modules.dep and modules.alias lines: the guest kernel loads what a
 * command needs on demand (request_module runs busybox's modprobe), so
 * only the boot set (/etc/modules.load, dependencies first) costs its
 * insmod before the agent runs. */
static int cpio_modules(struct cpio *c, const char *kver, struct ovt_err *e)
{
	struct vm_mods m = { 0 };
	char p[512], *load = NULL, *dep = NULL, *als = NULL, *builtin, *alias;
	size_t loadlen = 0, deplen = 0, alslen = 0;
	FILE *lf, *df, *af;
	int r = 0, nboot = 0;

	snprintf(p, sizeof(p), "/lib/modules/%s/modules.dep", kver);
	m.dep = vm_slurp(p);
	if (!m.dep)
		return ovt_err_set(e, ENOENT, "no modules for kernel %s (%s)",
				   kver, p);
	snprintf(p, sizeof(p), "/lib/modules/%s/modules.builtin", kver);
	builtin = vm_slurp(p);
	snprintf(p, sizeof(p), "/lib/modules/%s/modules.alias", kver);
	alias = vm_slurp(p);
	for (int i = 0; vm_modules[i] && r == 0; i++) {
		char *l = vm_mod_line(m.dep, vm_modules[i], false), *b = NULL;

		if (l)
			r = vm_mod_add(&m, l, 0);
		else if (!builtin ||
			 !(b = vm_mod_line(builtin, vm_modules[i], false)))
			r = ovt_err_set(e, ENOENT, "kernel %s has no module %s",
					kver, vm_modules[i]);
		free(l);
		free(b);
		if (i + 1 == VM_MODULES_BOOT)
			nboot = m.n;
	}
	lf = open_memstream(&load, &loadlen);
	df = open_memstream(&dep, &deplen);
	af = open_memstream(&als, &alslen);
	if (!lf || !df || !af)
		r = ovt_err_set(e, ENOMEM, "out of memory");
	for (int i = 0; r == 0 && i < m.n; i++) {
		const char *base = strrchr(m.order[i], '/');
		char src[512], *dl;

		base = base ? base + 1 : m.order[i];
		if (strcmp(base + strcspn(base, "."), ".ko")) {
			r = ovt_err_set(e, ENOTSUP, "module %s is compressed: "
					"not supported", m.order[i]);
			break;
		}
		snprintf(src, sizeof(src), "/lib/modules/%s/%s", kver,
			 m.order[i]);
		r = cpio_file(c, src, src, e);
		if (i < nboot)
			fprintf(lf, "%s\n", src);
		if ((dl = vm_mod_line(m.dep, m.order[i], true)))
			fprintf(df, "%s\n", dl);
		free(dl);
	}
	if (af)
		vm_mod_aliases(&m, alias, af);
	if (lf)
		fclose(lf);
	if (df)
		fclose(df);
	if (af)
		fclose(af);
	if (r == 0) {
		cpio_data(c, "/etc/modules.load", 0100644, load ? load : "",
			  load ? loadlen : 0);
		snprintf(p, sizeof(p), "/lib/modules/%s/modules.dep", kver);
		cpio_data(c, p, 0100644, dep ? dep : "", dep ? deplen : 0);
		snprintf(p, sizeof(p), "/lib/modules/%s/modules.alias", kver);
		cpio_data(c, p, 0100644, als ? als : "", als ? alslen : 0);
	}
	free(load);
	free(dep);
	free(als);
	for (int i = 0; i < m.n; i++)
		free(m.order[i]);
	free(m.order);
	free(m.dep);
	free(builtin);
	free(alias);
	return r;
}

/* ---- the archive and its cache ---- */

static int vm_initrd_write(FILE *fp, const char *kver, struct ovt_err *e)
{
	static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n";
	static const char group[] = "root:x:0:\n";
	struct cpio c = { .fp = fp };
	const char *bb = access("/usr/bin/busybox", X_OK) == 0 ?
			 "/usr/bin/busybox" : "/bin/busybox";
	static const char *const dirs[] = { "proc", "sys", "dev", "run",
					    "tmp", "root", NULL };
	int r;

	for (int i = 0; dirs[i]; i++)       /* mount points */
		if (cpio_seen_add(&c, dirs[i]))
			cpio_hdr(&c, dirs[i], 040755, 0);
	r = cpio_file(&c, bb, "/bin/busybox", e);
	if (r == 0) {
		cpio_hdr(&c, "bin/sh", 0120777, 7);
		fwrite("busybox", 1, 7, fp);
		cpio_pad(&c, 7);
		/* by its real path: ldd of /proc/self/exe would be ldd's own */
		char self[512];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		self[n > 0 ? n : 0] = '\0';
		r = n > 0 ? cpio_prog(&c, self, "/usr/bin/ovtsh", e) :
		    ovt_err_set(e, errno, "/proc/self/exe: %s",
				strerror(errno));
	}
	for (int i = 0; r == 0 && vm_progs[i]; i++)
		if (access(vm_progs[i], X_OK) == 0)
			r = cpio_prog(&c, vm_progs[i], vm_progs[i], e);
	if (r == 0)
		r = cpio_modules(&c, kver, e);
	if (r == 0) {
		cpio_data(&c, "/etc/passwd", 0100644, passwd,
			  sizeof(passwd) - 1);
		cpio_data(&c, "/etc/group", 0100644, group, sizeof(group) - 1);
		cpio_data(&c, "/init", 0100755, vm_init_script,
			  sizeof(vm_init_script) - 1);
		cpio_hdr(&c, "TRAILER!!!", 0, 0);
	}
	for (int i = 0; i < c.ndirs; i++)
		free(c.dirs[i]);
	free(c.dirs);
	if (r == 0 && c.err)
		r = ovt_err_set(e, c.err, "initramfs: %s", strerror(c.err));
	return r;
}

/* A hash of the running ovtsh binary (FNV-1a 64), the cache's key. */
static int vm_self_hash(uint64_t *h, struct ovt_err *e)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	unsigned char b[65536];
	ssize_t n;

	if (fd < 0)
		return ovt_err_set(e, errno, "/proc/self/exe: %s",
				   strerror(errno));
	*h = 1469598103934665603ULL ^ VM_INITRD_FORMAT;
	while ((n = read(fd, b, sizeof(b))) > 0)
		for (ssize_t i = 0; i < n; i++)
			*h = (*h ^ b[i]) * 1099511628211ULL;
	close(fd);
	return 0;
}

/* The cache directory ($OVTSH_CACHE_DIR or VM_CACHE_DIR), checked. */
static int vm_cache_dir(char *dir, size_t len, struct ovt_err *e)
{
	const char *d = getenv("OVTSH_CACHE_DIR");

	snprintf(dir, len, "%s", d && *d ? d : VM_CACHE_DIR);
	return vm_dir_make(dir, e);
}

/* Archives of kver for other ovtsh binaries, untouched for an hour:
 * each rebuild of ovtsh would otherwise leave ~30 MB behind.  A binary
 * that started a VM within the hour keeps its archive (a start touches
 * it). */
static void vm_cache_prune(const char *dir, const char *kver,
			   const char *keep)
{
	char pre[160];
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);
	int dfd = d ? dirfd(d) : -1;

	snprintf(pre, sizeof(pre), "initramfs-%s-", kver);
	while (d && (de = readdir(d))) {
		struct stat st;
		size_t l = strlen(de->d_name);

		if (strncmp(de->d_name, pre, strlen(pre)) || l < 5 ||
		    strcmp(de->d_name + l - 5, ".cpio") ||
		    !strcmp(de->d_name, keep) ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime < 3600)
			continue;
		unlinkat(dfd, de->d_name, 0);
	}
	if (d)
		closedir(d);
}

int vm_initrd(const char *kver, char *path, size_t len, struct ovt_err *e)
{
	char dir[256];
	struct sfile f;
	struct stat st;
	uint64_t h;
	int r;

	if ((r = vm_cache_dir(dir, sizeof(dir), e)) < 0 ||
	    (r = vm_self_hash(&h, e)) < 0)
		return r;
	if (snprintf(path, len, "%s/initramfs-%s-%016llx.cpio", dir, kver,
		     (unsigned long long)h) >= (int)len)
		return ovt_err_set(e, ENAMETOOLONG, "cache path too long");
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_uid == geteuid() && st.st_size > 0) {
		/* used now: its mtime keeps it from the prune */
		utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
		return 0;
	}
	r = sfile_open(&f, path, 0600, e);
	if (r < 0)
		return r;
	r = vm_initrd_write(f.fp, kver, e);
	if (r < 0) {
		sfile_abort(&f);
		return r;
	}
	r = sfile_commit(&f, e);
	if (r == 0)
		vm_cache_prune(dir, kver, strrchr(path, '/') + 1);
	return r;
}

/* Does kernel release kver have the modules (or built-ins) of a guest? */
static bool vm_kver_ok(const char *kver)
{
	char p[512], *dep, *bi;
	bool ok = true;

	snprintf(p, sizeof(p), "/lib/modules/%s/modules.dep", kver);
	dep = vm_slurp(p);
	snprintf(p, sizeof(p), "/lib/modules/%s/modules.builtin", kver);
	bi = vm_slurp(p);
	for (int i = 0; dep && vm_modules[i] && ok; i++) {
		char *l = vm_mod_line(dep, vm_modules[i], false);

		if (!l && bi)
			l = vm_mod_line(bi, vm_modules[i], false);
		ok = l != NULL;
		free(l);
	}
	free(dep);
	free(bi);
	return dep && ok;
}

/* Compare kernel releases as version numbers ("6.10" after "6.9"). */
static int vm_kver_cmp(const char *a, const char *b)
{
	return strverscmp(a, b);
}

int vm_kernel_default(char *path, size_t len, struct ovt_err *e)
{
	DIR *d = opendir("/boot");
	struct dirent *de;
	char best[256] = "";

	while (d && (de = readdir(d))) {
		const char *kver = de->d_name + 8;

		if (strncmp(de->d_name, "vmlinuz-", 8) || !vm_kver_ok(kver))
			continue;
		if (!best[0] || vm_kver_cmp(kver, best) > 0)
			snprintf(best, sizeof(best), "%s", kver);
	}
	if (d)
		closedir(d);
	if (!best[0])
		return ovt_err_set(e, ENOENT, "no usable guest kernel: no "
				   "/boot/vmlinuz-* whose modules have "
				   "virtio_net, virtio_console, ip_gre and vxlan "
				   "(install linux-image-cloud-amd64, or set "
				   "'kernel PATH')");
	snprintf(path, len, "/boot/vmlinuz-%s", best);
	return 0;
}
