/* net_netns.c - named network namespaces, the way "ip netns add" makes
 * them: a bind mount of the namespace at /run/netns/NAME, on a shared
 * mount so other mount namespaces (and "ip netns") see it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net_int.h"

#define NET_NETNS_DIR "/run/netns"

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

/* Inside the fresh namespace: tag lo with the lab alias, bring it up. */
static int net_netns_tag(const char *name, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	struct node n;
	int r;

	r = node_make(&n, NODE_HV, name, e);
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

int net_netns_add(const char *name, bool *created, struct ovt_err *e)
{
	char path[128];
	int fd, home = -1, r;
	struct node n;

	*created = false;
	r = node_make(&n, NODE_HV, name, e);
	if (r < 0)
		return r;
	if (net_netns_exists(name))
		return 0;
	r = net_netns_dir(e);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), NET_NETNS_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL, 0);
	if (fd < 0)
		return ovt_err_set(e, errno, "cannot create %s: %s", path,
				   strerror(errno));
	close(fd);
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		r = ovt_err_set(e, errno, "cannot open own netns: %s",
				strerror(errno));
		goto fail;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		r = ovt_err_set(e, errno, "cannot create namespace %s: %s%s",
				name, strerror(errno), errno == EPERM ?
				" (ovtsh needs CAP_SYS_ADMIN)" : "");
		goto fail;
	}
	if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL)) {
		r = ovt_err_set(e, errno, "cannot bind %s: %s", path,
				strerror(errno));
		goto back;
	}
	r = net_netns_tag(name, e);
	if (r < 0)
		umount2(path, MNT_DETACH);
back:
	if (setns(home, CLONE_NEWNET) < 0)
		abort();    /* every later command would act in the wrong ns */
fail:
	if (home >= 0)
		close(home);
	if (r < 0)
		unlink(path);
	else
		*created = true;
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
	struct net_link_info lo;
	struct net_nl *nl = NULL;
	struct node n;
	int r;

	r = node_make(&n, NODE_HV, name, e);
	if (r < 0)
		return r;
	if (!net_netns_exists(name))
		return ovt_err_set(e, ENOENT, "no hypervisor '%s'", name);
	/* one socket in the namespace: read lo's tag, then drop the veths */
	if (net_open(&n, &nl, NULL) < 0 ||
	    net_link_get(nl, "lo", &lo, NULL) < 0 ||
	    !net_alias_is_lab(lo.alias)) {
		net_close(nl);
		return ovt_err_set(e, EPERM, "hypervisor '%s' was not created "
				   "by lab '%s'; not deleting it", name,
				   lab_name());
	}
	net_netns_drop_veths(nl);
	net_close(nl);
	return net_netns_unlink(name, e);
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
	int i;

	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* fn inside the namespace behind fd, as node n. */
static int net_netns_visit(int fd, const struct node *n,
			   int (*fn)(struct net_nl *, void *), void *arg)
{
	struct net_nl *nl = NULL;
	struct node_ns save;
	int r;

	save.self_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (save.self_fd < 0)
		return 0;
	if (setns(fd, CLONE_NEWNET) < 0) {
		close(save.self_fd);
		return 0;
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
 * only mark it seen). */
static int net_netns_visit_path(const char *path, const struct node *n,
				struct net_seen *seen,
				int (*fn)(struct net_nl *, void *), void *arg)
{
	struct stat st;
	int fd, k, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0) {
		for (k = 0; k < seen->n && seen->v[k] != st.st_ino; k++)
			;
		if (k == seen->n && seen->n < NET_SEEN_MAX) {
			seen->v[seen->n++] = st.st_ino;
			if (fn)
				r = net_netns_visit(fd, n, fn, arg);
		}
	}
	close(fd);
	return r;
}

/* named: fn also for the host and /run/netns (else only for the rest). */
static int net_netns_foreach_in(bool named,
				int (*fn)(struct net_nl *nl, void *arg),
				void *arg)
{
	int (*nfn)(struct net_nl *, void *) = named ? fn : NULL;
	struct net_seen *seen = calloc(1, sizeof(*seen));
	char **names = NULL, path[300], nm[NODE_NAME_MAX];
	int cnt = 0, sum = 0, i;
	struct dirent *de;
	struct node n;
	DIR *d;

	if (!seen)
		return 0;
	/* in a stable order: the host, hypervisors by name, then pids */
	node_make(&n, NODE_HOST, NULL, NULL);
	sum += net_netns_visit_path("/proc/self/ns/net", &n, seen, nfn, arg);
	if (net_netns_list(&names, &cnt, NULL) == 0)
		for (i = 0; i < cnt; i++) {
			snprintf(path, sizeof(path), NET_NETNS_DIR "/%s",
				 names[i]);
			if (node_make(&n, NODE_HV, names[i], NULL) == 0)
				sum += net_netns_visit_path(path, &n, seen, nfn,
							    arg);
		}
	net_names_free(names, cnt);
	d = opendir("/proc");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.200s/ns/net", de->d_name);
		snprintf(nm, sizeof(nm), "pid %.40s", de->d_name);
		node_make(&n, NODE_CT, nm, NULL);
		sum += net_netns_visit_path(path, &n, seen, fn, arg);
	}
	if (d)
		closedir(d);
	free(seen);
	return sum;
}

int net_netns_foreach(int (*fn)(struct net_nl *nl, void *arg), void *arg)
{
	return net_netns_foreach_in(true, fn, arg);
}

int net_netns_foreach_pids(int (*fn)(struct net_nl *nl, void *arg),
			   void *arg)
{
	return net_netns_foreach_in(false, fn, arg);
}
