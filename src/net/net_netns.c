/* net_netns.c - named network namespaces, the way "ip netns add" makes
 * them: a bind mount of the namespace at /run/netns/NAME, on a shared
 * mount so other mount namespaces (and "ip netns") see it.
 *
 * Creation survives kill -9 at any point.  The new namespace's lo is
 * tagged before the namespace appears under /run/netns, so a mounted one
 * is always tagged; the only half-made state is the empty file the bind
 * mount goes on.  Before creating that file, ovtsh writes an intent,
 * NET_NETNS_NEW/<lab>:<name> holding its pid, and removes it once the
 * mount is there.  An intent whose pid is gone marks a creation that
 * died: the next "hypervisor NAME", "no hypervisor NAME" or "clear lab"
 * of that lab removes the empty file it left (never a mounted namespace)
 * and the intent, and creation starts again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "net_int.h"

#define NET_NETNS_DIR "/run/netns"
#define NET_NETNS_NEW NET_OVTSH_RUN "/netns-new"

/* ---- node kinds: hypervisors (registered), a process's namespace ---- */

static int net_hv_open(const struct node *n, struct ovt_err *e)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", n->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return ovt_err_set(e, ENOENT, "no hypervisor '%s'", n->name);
	if (fd < 0)
		return ovt_err_set(e, errno, "hypervisor '%s': %s", n->name,
				   strerror(errno));
	return fd;
}

const struct node_kind net_hv_kind = {
	.keyword = "hypervisor",
	.prefix = "hv",
	.order = 10,
	.host_alias = true,
	.shape = "box",
	.netns_open = net_hv_open,
	.list = net_netns_list,
	.lab_check = net_netns_lab_check,
};
NODE_KIND(net_hv_kind);

/* The namespace of a process found by walking /proc (a container's, to
 * this module): no grammar kind, so not registered. */
static int net_pid_open(const struct node *n, struct ovt_err *e)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)n->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? ovt_err_set(e, errno, "%s: %s", path, strerror(errno)) :
			fd;
}

static const struct node_kind net_pid_kind = {
	.keyword = "process",
	.prefix = "pid",
	.netns_open = net_pid_open,
};

/* A namespace given by a path (CNI_NETNS): reached through the socket
 * net_open_path() made in it, never looked up again by name. */
static int net_path_open(const struct node *n, struct ovt_err *e)
{
	return ovt_err_set(e, EOPNOTSUPP, "netns %s is known only by its "
			   "socket", n->name);
}

static const struct node_kind net_path_kind = {
	.keyword = "netns",
	.prefix = "netns",
	.netns_open = net_path_open,
};

int net_open_path(const char *path, struct net_nl **out, struct ovt_err *e)
{
	const char *base = strrchr(path, '/');
	struct node n = { .kind = &net_path_kind };
	struct node_ns save;
	int fd, home, r;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ovt_err_set(e, errno, "netns %s: %s", path,
				   strerror(errno));
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		r = ovt_err_set(e, errno, "cannot open own netns: %s",
				strerror(errno));
		close(fd);
		return r;
	}
	/* setns() checks that fd is a network namespace: EINVAL if not */
	if (setns(fd, CLONE_NEWNET) < 0) {
		r = ovt_err_set(e, errno, "netns %s: %s", path,
				errno == EINVAL ? "not a network namespace" :
				strerror(errno));
		goto out;
	}
	snprintf(n.name, sizeof(n.name), "%s", base ? base + 1 : path);
	r = net_open_here(&n, out, e);
	save.self_fd = home;
	node_leave(&save);          /* closes home; aborts if it cannot */
	home = -1;
out:
	if (home >= 0)
		close(home);
	close(fd);
	return r;
}

/* Test hook: die at a named step of a creation, as kill -9 would
 * (OVTSH_TEST_KILL_AT=netns-tagged|netns-file|netns-mounted|link-made). */
void net_netns_test_kill(const char *step)
{
	const char *at = getenv("OVTSH_TEST_KILL_AT");

	if (at && !strcmp(at, step))
		raise(SIGKILL);
}

static int net_netns_dir(struct ovt_err *e)
{
	bool bound = false;

	if (mkdir(NET_NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return ovt_err_set(e, errno, "cannot create " NET_NETNS_DIR
				   ": %s", strerror(errno));
	/* iproute2: make the directory a shared mount point, bind-mounting
	 * it on itself first when it is not a mount point yet. */
	while (mount("", NET_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL)) {
		if (errno != EINVAL || bound)
			return ovt_err_set(e, errno, "mount --make-shared "
					   NET_NETNS_DIR ": %s%s",
					   strerror(errno), errno == EPERM ?
					   " (ovtsh needs CAP_SYS_ADMIN)" : "");
		if (mount(NET_NETNS_DIR, NET_NETNS_DIR, "none",
			  MS_BIND | MS_REC, NULL))
			return ovt_err_set(e, errno, "mount --bind "
					   NET_NETNS_DIR ": %s", strerror(errno));
		bound = true;
	}
	return 0;
}

bool net_netns_exists(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", name);
	return stat(path, &st) == 0;
}

/* Whether the namespace nl is in (hypervisor name) is this lab's. */
static int net_netns_lo_check(struct net_nl *nl, const char *name,
			      struct ovt_err *e)
{
	char what[NODE_NAME_MAX + 16];
	struct net_link_info lo;
	int r = net_link_get(nl, "lo", &lo, e);

	if (r < 0)
		return r;
	snprintf(what, sizeof(what), "hypervisor '%s'", name);
	return net_alias_lab_check(lo.alias, false, what, e);
}

int net_netns_lab_check(const char *name, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	struct node n;
	int r;

	r = node_make(&n, &net_hv_kind, name, e);
	if (r == 0 && net_plan_node(&n) && !net_netns_exists(name))
		return 0;               /* explained: the lab's to be */
	if (r == 0)
		r = net_open(&n, &nl, e);
	if (r == 0)
		r = net_netns_lo_check(nl, name, e);
	net_close(nl);
	return r;
}

static void net_netns_intent_path(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, NET_NETNS_NEW "/%s:%s", lab_name(), name);
}

/* The pid in an intent file; 0 when unreadable (a creator killed between
 * creating the file and writing its pid). */
pid_t net_intent_pid(const char *path)
{
	char buf[24] = "";
	ssize_t k;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	k = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[k > 0 ? k : 0] = '\0';
	return (pid_t)atol(buf);
}

/* Is pid a live ovtsh (same command name as ours, so that a reused pid
 * does not block the lab forever)? */
bool net_pid_alive(pid_t pid)
{
	char path[64], mine[32] = "", theirs[32] = "";
	FILE *fp;

	if (pid <= 0 || (kill(pid, 0) < 0 && errno != EPERM))
		return false;
	if ((fp = fopen("/proc/self/comm", "re"))) {
		if (!fgets(mine, sizeof(mine), fp))
			mine[0] = '\0';
		fclose(fp);
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if ((fp = fopen(path, "re"))) {
		if (!fgets(theirs, sizeof(theirs), fp))
			theirs[0] = '\0';
		fclose(fp);
	}
	return !strcmp(mine, theirs);
}

/* Finish a creation of this lab that died: 1 when it left a half-made
 * namespace that is now removed, 0 when there was nothing to do,
 * -EBUSY when another live ovtsh is creating it right now. */
static int net_netns_recover(const char *name, struct ovt_err *e)
{
	char ipath[192], path[128];
	struct statfs sf;
	pid_t pid;
	int r = 0;

	net_netns_intent_path(name, ipath, sizeof(ipath));
	if (access(ipath, F_OK) < 0)
		return 0;
	pid = net_intent_pid(ipath);
	if (pid != getpid() && net_pid_alive(pid))
		return ovt_err_set(e, EBUSY, "hypervisor '%s' is being created "
				   "by process %d", name, (int)pid);
	snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", name);
	/* a mounted namespace was tagged before it was mounted: keep it */
	if (statfs(path, &sf) == 0 && sf.f_type != NSFS_MAGIC &&
	    unlink(path) == 0)
		r = 1;
	unlink(ipath);
	return r;
}

void net_netns_recover_all(void)
{
	char pre[LAB_NAME_MAX + 2], path[512];
	struct dirent *d;
	size_t pl;
	DIR *dir = opendir(NET_NETNS_NEW);

	snprintf(pre, sizeof(pre), "%s:", lab_name());
	pl = strlen(pre);
	while (dir && (d = readdir(dir)))
		if (!strncmp(d->d_name, pre, pl) && d->d_name[pl])
			net_netns_recover(d->d_name + pl, NULL);
	if (dir)
		closedir(dir);
	/* the link intents of this lab's killed creations: their links
	 * go with their namespaces */
	dir = opendir(NET_LINK_NEW);
	while (dir && (d = readdir(dir))) {
		if (strncmp(d->d_name, pre, pl) || !d->d_name[pl])
			continue;
		snprintf(path, sizeof(path), NET_LINK_NEW "/%s", d->d_name);
		if (!net_pid_alive(net_intent_pid(path)))
			unlink(path);
	}
	if (dir)
		closedir(dir);
}

/* Write this process's intent file ipath in dir (created if missing). */
int net_intent_write(const char *dir, const char *ipath, struct ovt_err *e)
{
	char pid[24];
	int fd, k;

	if ((mkdir(NET_OVTSH_RUN, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST))
		return ovt_err_set(e, errno, "cannot create %s: %s", dir,
				   strerror(errno));
	fd = open(ipath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return ovt_err_set(e, errno, "cannot create %s: %s", ipath,
				   strerror(errno));
	k = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (write(fd, pid, (size_t)k) != k) {
		int err = errno ? errno : EIO;

		close(fd);
		unlink(ipath);
		return ovt_err_set(e, err, "cannot write %s: %s", ipath,
				   strerror(err));
	}
	close(fd);
	return 0;
}

/* Write this process's intent to create name (see the top comment). */
static int net_netns_intent(const char *name, struct ovt_err *e)
{
	char ipath[192];

	net_netns_intent_path(name, ipath, sizeof(ipath));
	return net_intent_write(NET_NETNS_NEW, ipath, e);
}

static void net_netns_intent_done(const char *name)
{
	char ipath[192];

	net_netns_intent_path(name, ipath, sizeof(ipath));
	unlink(ipath);
}

/* Inside the fresh namespace: tag lo with the lab alias, bring it up. */
static int net_netns_tag(const char *name, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	struct node n;
	int r;

	r = node_make(&n, &net_hv_kind, name, e);
	if (r == 0)
		r = net_open_here(&n, &nl, e);
	if (r == 0) {
		struct net_link_chg c = NET_LINK_CHG_KEEP;

		c.alias = lab_alias();
		c.up = 1;
		r = net_link_set(nl, "lo", &c, e);
	}
	net_close(nl);
	return r;
}

/* Under a plan: what "ip" would do (lo up, as net_netns_tag does),
 * and the node marked for the lines that explain its mode. */
static int net_netns_plan_add(const struct node *n, bool *created,
			      struct ovt_err *e)
{
	char ref[80];
	int r;

	if (plan_obj_marked(net_node_ref(n, ref, sizeof(ref))))
		return 0;       /* this plan makes it already */
	if (net_netns_exists(n->name)) {
		r = net_netns_lab_check(n->name, e);
		if (r == 0)
			plan_add(PLAN_UNCHANGED, "ip netns add %s", n->name);
		return r;
	}
	plan_add(PLAN_CREATE, "ip netns add %s", n->name);
	net_plan_ip(n, PLAN_CREATE, "link set lo up");
	plan_node_mark(net_node_ref(n, ref, sizeof(ref)));
	plan_obj_mark(ref);
	*created = true;
	return 0;
}

int net_netns_add(const char *name, bool *created, struct ovt_err *e)
{
	char path[128];
	int fd, home = -1, r;
	bool made = false;
	struct node n;

	*created = false;
	r = node_make(&n, &net_hv_kind, name, e);
	if (r == 0 && net_planning())
		return net_netns_plan_add(&n, created, e);
	if (r == 0)
		r = net_netns_recover(name, e);
	if (r < 0)
		return r;
	if (net_netns_exists(name)) {
		r = net_netns_lab_check(name, e);
		if (r == 0)     /* a journal's record (ovtsh/plan.h) */
			plan_add(PLAN_UNCHANGED, "ip netns add %s", name);
		return r;
	}
	r = net_netns_dir(e);
	if (r == 0)
		r = net_netns_intent(name, e);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", name);
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		r = ovt_err_set(e, errno, "cannot open own netns: %s",
				strerror(errno));
		goto out;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		r = ovt_err_set(e, errno, "cannot create namespace %s: %s%s",
				name, strerror(errno), errno == EPERM ?
				" (ovtsh needs CAP_SYS_ADMIN)" : "");
		goto out;
	}
	/* tagged before anyone can see it under /run/netns */
	r = net_netns_tag(name, e);
	if (r < 0)
		goto back;
	net_netns_test_kill("netns-tagged");
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		r = ovt_err_set(e, errno, "cannot create %s: %s", path,
				strerror(errno));
		goto back;
	}
	close(fd);
	made = true;
	net_netns_test_kill("netns-file");
	if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL))
		r = ovt_err_set(e, errno, "cannot bind %s: %s", path,
				strerror(errno));
	else
		net_netns_test_kill("netns-mounted");
back:
	if (setns(home, CLONE_NEWNET) < 0)
		abort();    /* every later command would act in the wrong ns */
out:
	if (home >= 0)
		close(home);
	if (r < 0 && made)
		unlink(path);
	net_netns_intent_done(name);
	if (r == 0) {
		plan_add(PLAN_CREATE, "ip netns add %s", name);
		*created = true;
	}
	return r;
}

/* Delete the veths first: their peers live in other namespaces, and the
 * kernel would remove them only later, when it reaps the namespace.
 * (clear lab does without: it removes the lab's links in the namespaces
 * that stay, then only unlinks the lab's namespaces.) */
static void net_netns_drop_veths(struct net_nl *nl)
{
	struct net_link_info *l = NULL;
	int i, cnt = 0;

	if (net_link_list(nl, &l, &cnt, NULL) == 0)
		for (i = 0; i < cnt; i++)
			if (l[i].kind == NET_K_VETH)
				net_link_del(nl, l[i].name, NULL);
	free(l);
}

int net_netns_del(const char *name, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	struct node n;
	int r;

	r = node_make(&n, &net_hv_kind, name, e);
	if (r == 0 && !net_planning())
		r = net_netns_recover(name, e);
	if (r != 0)
		return r < 0 ? r : 0;    /* a half-made one is gone now */
	if (!net_netns_exists(name))
		return ovt_err_set(e, ENOENT, "no hypervisor '%s'", name);
	/* one socket in the namespace: read lo's tag, then drop the veths */
	r = net_open(&n, &nl, e);
	if (r == 0)
		r = net_netns_lo_check(nl, name, e);
	if (r == 0 && net_planning()) {
		net_close(nl);
		plan_add(PLAN_DELETE, "ip netns del %s", name);
		return 0;
	}
	if (r == 0)
		net_netns_drop_veths(nl);
	net_close(nl);
	if (r == 0)
		r = net_netns_unlink(name, e);
	if (r == 0)
		plan_add(PLAN_DELETE, "ip netns del %s", name);
	return r;
}

int net_netns_unlink(const char *name, struct ovt_err *e)
{
	char path[128];

	snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", name);
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL)
		return ovt_err_set(e, errno, "cannot unmount %s: %s", path,
				   strerror(errno));
	if (unlink(path) < 0)
		return ovt_err_set(e, errno, "cannot remove %s: %s", path,
				   strerror(errno));
	return 0;
}

static int net_cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int net_netns_list(char ***names, int *count, struct ovt_err *e)
{
	struct dirent *d;
	char **v = NULL;
	int n = 0, cap = 0, r = 0;
	DIR *dir;

	*names = NULL;
	*count = 0;
	dir = opendir(NET_NETNS_DIR);
	if (!dir)
		return errno == ENOENT ? 0 :
		       ovt_err_set(e, errno, "cannot read " NET_NETNS_DIR
				   ": %s", strerror(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv) {
				r = ovt_err_set(e, ENOMEM, "out of memory");
				goto out;
			}
			v = nv;
		}
		v[n] = strdup(d->d_name);
		if (!v[n]) {
			r = ovt_err_set(e, ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	if (n)
		qsort(v, (size_t)n, sizeof(*v), net_cmpstr);
out:
	closedir(dir);
	if (r < 0) {
		net_names_free(v, n);
		return r;
	}
	*names = v;
	*count = n;
	return 0;
}

void net_names_free(char **names, int count)
{
	node_names_free(names, count);
}

/* Not allowed to look: the caller may not conclude "nothing there". */
static int net_netns_denied(const struct node *n, int err,
			    struct ovt_err *e)
{
	char b[96];

	if (err != EPERM && err != EACCES)
		return 0;
	return ovt_err_set(e, err, "cannot enter %s: %s%s",
			   node_str(n, b, sizeof(b)), strerror(err),
			   err == EPERM ? " (ovtsh needs CAP_SYS_ADMIN)" : "");
}

/* fn inside the namespace behind fd, as node n; 0 when the namespace is
 * gone or no namespace, -errno when this process may not enter it. */
static int net_netns_visit(int fd, const struct node *n,
			   int (*fn)(struct net_nl *, void *), void *arg,
			   struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	struct node_ns save;
	int r;

	save.self_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (save.self_fd < 0)
		return 0;
	if (setns(fd, CLONE_NEWNET) < 0) {
		r = net_netns_denied(n, errno, e);
		close(save.self_fd);
		return r;
	}
	r = net_open_here(n, &nl, NULL);
	node_leave(&save);
	if (r < 0)
		return 0;
	r = fn(nl, arg);
	net_close(nl);
	return r;
}

#define NET_SEEN_MAX 4096

struct net_seen {
	ino_t v[NET_SEEN_MAX];
	int n;
};

/* Visit the namespace at path as node n unless already seen (fn NULL:
 * only mark it seen); e NULL: one that may not be entered is skipped. */
static int net_netns_visit_path(const char *path, const struct node *n,
				struct net_seen *seen,
				int (*fn)(struct net_nl *, void *), void *arg,
				struct ovt_err *e)
{
	struct stat st;
	int fd, k, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return e ? net_netns_denied(n, errno, e) : 0;
	if (fstat(fd, &st) == 0) {
		for (k = 0; k < seen->n && seen->v[k] != st.st_ino; k++)
			;
		if (k == seen->n && seen->n < NET_SEEN_MAX) {
			seen->v[seen->n++] = st.st_ino;
			if (fn)
				r = net_netns_visit(fd, n, fn, arg, e);
			if (r < 0 && !e)
				r = 0;
		}
	}
	close(fd);
	return r;
}

/* named: fn also for the host and /run/netns (else only for the rest,
 * which are still marked seen so that no pid revisits them). */
static int net_netns_foreach_in(bool named,
				int (*fn)(struct net_nl *nl, void *arg),
				void *arg, struct ovt_err *e)
{
	int (*nfn)(struct net_nl *, void *) = named ? fn : NULL;
	struct ovt_err *ne = named ? e : NULL;  /* only marked: best effort */
	struct net_seen *seen = calloc(1, sizeof(*seen));
	char **names = NULL, path[300], nm[NODE_NAME_MAX];
	int cnt = 0, sum = 0, i, r = 0;
	struct dirent *de;
	struct node n;
	DIR *d;

	if (!seen)
		return e ? ovt_err_set(e, ENOMEM, "out of memory") : 0;
	/* in a stable order: the host, hypervisors by name, then pids */
	node_make(&n, &node_host_kind, NULL, NULL);
	r = net_netns_visit_path("/proc/self/ns/net", &n, seen, nfn, arg, ne);
	sum += r > 0 ? r : 0;
	if (r >= 0 && (i = net_netns_list(&names, &cnt, ne)) < 0 && ne)
		r = i;
	for (i = 0; r >= 0 && i < cnt; i++) {
		snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", names[i]);
		if (node_make(&n, &net_hv_kind, names[i], NULL) == 0) {
			r = net_netns_visit_path(path, &n, seen, nfn, arg, ne);
			sum += r > 0 ? r : 0;
		}
	}
	net_names_free(names, cnt);
	/* processes come and go, and some are not ours to look into:
	 * with the host and every hypervisor readable, the rest is best
	 * effort */
	d = r < 0 ? NULL : opendir("/proc");
	while (d && (de = readdir(d))) {
		char *end;
		long pid;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		/* a pid by its number: the node's name is never cut */
		pid = strtol(de->d_name, &end, 10);
		if (*end)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
		snprintf(nm, sizeof(nm), "pid %ld", pid);
		node_make(&n, &net_pid_kind, nm, NULL);
		n.pid = (pid_t)pid;
		sum += net_netns_visit_path(path, &n, seen, fn, arg, NULL);
	}
	if (d)
		closedir(d);
	free(seen);
	return r < 0 ? r : sum;
}

int net_netns_foreach(int (*fn)(struct net_nl *nl, void *arg), void *arg,
		      struct ovt_err *e)
{
	return net_netns_foreach_in(true, fn, arg, e);
}

int net_netns_foreach_pids(int (*fn)(struct net_nl *nl, void *arg),
			   void *arg, struct ovt_err *e)
{
	return net_netns_foreach_in(false, fn, arg, e);
}
