/* vm_nic.c - links to a VM: a TAP device in the peer node's namespace
 * and a virtio-net NIC hot-plugged into the running guest over QMP,
 * renamed there by the guest's agent (see ovtsh/vm.h).
 *
 * The TAP is made inside the node's namespace (TUNSETIFF acts in the
 * caller's), so it never crosses namespaces; qemu gets its fd over QMP
 * (getfd, SCM_RIGHTS) and holds the only one: the TAP ends with qemu.
 * The guest finds the new NIC by its MAC address and tags it with the
 * lab, as ovtsh tags what it creates, so the guest's ovtsh may change it.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/memfd.h"
#include "vm_int.h"

#define VM_QMP_MS 10000

struct vm_qmp {
	int fd;
	char buf[16384];
	size_t n;
	char gone[48];           /* the last DEVICE_DELETED's device */
};

/* device_del is asynchronous: qemu tells with DEVICE_DELETED when the
 * guest has let the device go; an event read while waiting for some
 * answer is remembered here. */
static void qmp_event(struct vm_qmp *q, json_t *j)
{
	const char *ev = json_string_value(json_object_get(j, "event"));
	const char *dev = json_string_value(json_object_get(
		json_object_get(j, "data"), "device"));

	if (ev && dev && !strcmp(ev, "DEVICE_DELETED"))
		snprintf(q->gone, sizeof(q->gone), "%s", dev);
}

/* The next QMP message (one JSON object per line), events skipped. */
static json_t *qmp_read(struct vm_qmp *q, bool skip_events,
			struct ovt_err *e)
{
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->n);
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		ssize_t r;

		if (nl) {
			json_t *j = json_loadb(q->buf, (size_t)(nl - q->buf) + 1,
					       0, NULL);
			size_t used = (size_t)(nl - q->buf) + 1;

			memmove(q->buf, q->buf + used, q->n - used);
			q->n -= used;
			if (j && json_object_get(j, "event"))
				qmp_event(q, j);
			if (j && skip_events && json_object_get(j, "event")) {
				json_decref(j);
				continue;
			}
			if (!j)
				ovt_err_set(e, EPROTO, "QMP: bad message");
			return j;
		}
		if (q->n == sizeof(q->buf) || poll(&p, 1, VM_QMP_MS) <= 0) {
			ovt_err_set(e, ETIMEDOUT, "QMP: no answer");
			return NULL;
		}
		r = read(q->fd, q->buf + q->n, sizeof(q->buf) - q->n);
		if (r <= 0) {
			ovt_err_set(e, ECONNRESET, "QMP: qemu closed the "
				    "connection");
			return NULL;
		}
		q->n += (size_t)r;
	}
}

/* Run one command (an fd passed along when fd >= 0): 0, or -errno with
 * qemu's own description. */
static int qmp_run(struct vm_qmp *q, json_t *cmd, int fd, struct ovt_err *e)
{
	char *s = json_dumps(cmd, JSON_COMPACT);
	char ctl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = s, .iov_len = s ? strlen(s) : 0 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	json_t *ans, *err;
	int r = 0;

	json_decref(cmd);
	if (!s)
		return ovt_err_set(e, ENOMEM, "out of memory");
	if (fd >= 0) {
		struct cmsghdr *cm;

		mh.msg_control = ctl;
		mh.msg_controllen = sizeof(ctl);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	if (sendmsg(q->fd, &mh, MSG_NOSIGNAL) != (ssize_t)iov.iov_len) {
		free(s);
		return ovt_err_set(e, errno ? errno : EIO, "QMP: %s",
				   strerror(errno ? errno : EIO));
	}
	free(s);
	ans = qmp_read(q, true, e);
	if (!ans)
		return -(e && e->code ? e->code : EIO);
	err = json_object_get(ans, "error");
	if (err)
		r = ovt_err_set(e, EIO, "qemu: %s", json_string_value(
				json_object_get(err, "desc")) ?: "error");
	json_decref(ans);
	return r;
}

static int qmp_open(const char *name, struct vm_qmp *q, struct ovt_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	json_t *g;

	q->n = 0;
	if (vm_path(name, "qmp.sock", sa.sun_path, sizeof(sa.sun_path)) < 0)
		return ovt_err_set(e, ENAMETOOLONG, "vm '%s': name too long",
				   name);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0 ||
	    connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = errno;

		if (q->fd >= 0)
			close(q->fd);
		return ovt_err_set(e, err, "vm '%s': QMP: %s", name,
				   strerror(err));
	}
	g = qmp_read(q, true, e);      /* the greeting */
	json_decref(g);
	if (!g || qmp_run(q, json_pack("{s:s}", "execute",
				       "qmp_capabilities"), -1, e) < 0) {
		close(q->fd);
		return -EPROTO;
	}
	return 0;
}

/* A TAP named ifname in node n's namespace: its fd, or -errno. */
static int vm_tap_open(const struct node *n, const char *ifname,
		       struct ovt_err *e)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	struct node_ns save;
	int fd, r;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	r = node_enter(n, &save, e);
	if (r < 0)
		return r;
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	r = fd < 0 ? -errno : ioctl(fd, TUNSETIFF, &ifr) < 0 ? -errno : 0;
	node_leave(&save);
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		return ovt_err_set(e, -r, "TAP %s: %s", ifname, strerror(-r));
	}
	return fd;
}

/* The guest's side: find the NIC by its MAC (hot-plug takes a moment),
 * rename it, address it, bridge it, up. */
static const char vm_nic_script[] =
	"mac=$1 ifn=$2 addr=$3 br=$4 tag=$5 dev=\n"
	"for i in $(seq 100); do\n"
	" for d in /sys/class/net/*; do\n"
	"  [ \"$(cat $d/address)\" = \"$mac\" ] && dev=${d##*/} && break 2\n"
	" done\n"
	" sleep 0.1\n"
	"done\n"
	"[ -n \"$dev\" ] || { echo \"no NIC $mac in the guest\" >&2; exit 1; }\n"
	"for i in $(seq 100); do\n"         /* an unplugged NIC of that name */
	" [ -e /sys/class/net/$ifn ] && [ \"$dev\" != \"$ifn\" ] || break\n"
	" sleep 0.1\n"
	"done\n"
	"[ \"$dev\" = \"$ifn\" ] || ip link set \"$dev\" name \"$ifn\" || exit 1\n"
	"echo \"$tag\" >/sys/class/net/$ifn/ifalias || exit 1\n"
	/* a gratuitous ARP when it comes up: a NIC that replaces one has
	 * a new MAC, and the peers' caches would hold the old one */
	"echo 1 >/proc/sys/net/ipv4/conf/$ifn/arp_notify\n"
	"[ -z \"$addr\" ] || ip addr add \"$addr\" dev \"$ifn\" || exit 1\n"
	"[ -z \"$br\" ] || ip link set \"$ifn\" master \"$br\" || exit 1\n"
	"ip link set \"$ifn\" up\n";

/* Remember the link in the VM's "links" (one line: kind node tap nic id). */
static int vm_nic_note(const char *name, const struct node *n,
		       const char *ifname, const char *guest_if,
		       const char *id, struct ovt_err *e)
{
	char p[160];
	FILE *fp;
	int fd;

	if (vm_path(name, "links", p, sizeof(p)) < 0)
		return ovt_err_set(e, ENAMETOOLONG, "vm '%s': name too long",
				   name);
	fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	fp = fd < 0 ? NULL : fdopen(fd, "a");
	if (!fp) {
		if (fd >= 0)
			close(fd);
		return ovt_err_set(e, errno, "%s: %s", p, strerror(errno));
	}
	fprintf(fp, "%s %s %s %s %s\n", node_is_host(n) ? "host" :
		node_kind_name(n->kind), node_is_host(n) ? "host" : n->name,
		ifname, guest_if, id);
	return fclose(fp) == 0 ? 0 :
	       ovt_err_set(e, errno, "%s: %s", p, strerror(errno));
}

int vm_nics(const char *name, struct vm_nic **out, int *cnt,
	    struct ovt_err *e)
{
	struct vm_nic *v = NULL, *nv, x;
	char p[160], line[256];
	struct vm_info vi;
	FILE *fp;
	int n = 0, r;

	*out = NULL;
	*cnt = 0;
	if ((r = vm_inspect(name, &vi, e)) < 0)
		return r;
	if (!vi.running || vm_path(name, "links", p, sizeof(p)) < 0 ||
	    !(fp = fopen(p, "re")))
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "%15s %63s %15s %15s %15s", x.kind, x.node,
			   x.ifname, x.guest_if, x.id) != 5)
			continue;
		nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv) {
			free(v);
			fclose(fp);
			return ovt_err_set(e, ENOMEM, "out of memory");
		}
		v = nv;
		v[n++] = x;
	}
	fclose(fp);
	*out = v;
	*cnt = n;
	return 0;
}

/* argv's output in the guest, malloc'ed text; a failing status fails. */
static int vm_guest_output(const char *name, char *const argv[], char **text,
			   struct ovt_err *e)
{
	int fd = memfd_create("ovtsh-guest-out", MFD_CLOEXEC), st = 0, r;
	bool intr;

	*text = NULL;
	if (fd < 0)
		return ovt_err_set(e, errno, "memfd: %s", strerror(errno));
	r = vm_exec(name, argv, fd, fd, &st, &intr, e);
	if (r == 0 && st != 0)
		r = ovt_err_set(e, EIO, "vm '%s': '%s' failed in the guest",
				name, argv[0]);
	if (r == 0 && !(*text = memfd_text(fd, 0, NULL)) &&
	    !(*text = strdup("")))
		r = ovt_err_set(e, ENOMEM, "out of memory");
	close(fd);
	return r;
}

/* NIC id out of the guest and its backend gone.  The backend first: a
 * TAP removed behind ovtsh's back leaves qemu polling a dead fd (POLLERR
 * at once, again and again: its main loop spins and starves the guest's
 * CPU, so the guest ejects slowly and a NIC plugged next was not probed
 * within the agent's time); netdev_del closes that fd and the NIC sees
 * its link go down.  Then device_del, and a bounded wait for the guest
 * to eject it (DEVICE_DELETED) before anything is plugged again, as
 * libvirt does. */
static int qmp_unplug(struct vm_qmp *q, const char *id, struct ovt_err *e)
{
	struct ovt_err ig = { 0 };
	struct timespec t0, t1;
	int r = 0;

	qmp_run(q, json_pack("{s:s,s:{s:s}}", "execute", "netdev_del",
			     "arguments", "id", id), -1, &ig);
	q->gone[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* device_del fails for no such device: a NIC gone already */
	if (qmp_run(q, json_pack("{s:s,s:{s:s}}", "execute", "device_del",
				 "arguments", "id", id), -1, &ig) == 0) {
		while (strcmp(q->gone, id)) {
			json_t *j;

			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (t1.tv_sec - t0.tv_sec > VM_QMP_MS / 1000) {
				r = ovt_err_set(e, ETIMEDOUT, "the guest did "
						"not let its NIC %s go (%d s)",
						id, VM_QMP_MS / 1000);
				break;
			}
			if (!(j = qmp_read(q, false, &ig))) {
				r = ovt_err_set(e, ig.code ? ig.code : EIO,
						"%s", ig.msg);
				break;
			}
			json_decref(j);
		}
	}
	return r;
}

/* A link again for guest_if (its TAP was removed behind ovtsh's back:
 * the caller found none): the old NIC and its backend go, and its line
 * in "links"; the guest script waits for the old NIC to leave. */
static int vm_nic_drop_old(const char *name, struct vm_qmp *q,
			   const char *guest_if, struct ovt_err *e)
{
	struct ovt_err ig = { 0 };
	struct vm_nic *x;
	char p[160];
	FILE *fp;
	int n, r = 0;

	if (vm_nics(name, &x, &n, &ig) < 0 || vm_path(name, "links", p,
						      sizeof(p)) < 0)
		return 0;
	fp = fopen(p, "we");
	for (int i = 0; fp && i < n; i++) {
		if (strcmp(x[i].guest_if, guest_if)) {
			fprintf(fp, "%s %s %s %s %s\n", x[i].kind, x[i].node,
				x[i].ifname, x[i].guest_if, x[i].id);
			continue;
		}
		if (r == 0)
			r = qmp_unplug(q, x[i].id, e);
	}
	if (fp)
		fclose(fp);
	free(x);
	if (r < 0) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		return ovt_err_set(e, -r, "vm '%s': %s", name, why);
	}
	return 0;
}

int vm_guest_runconf(const char *name, char **text, struct ovt_err *e)
{
	char *argv[] = { "ovtsh", "--lab", (char *)lab_name(), "-c",
			 "show running-config", NULL };

	return vm_guest_output(name, argv, text, e);
}

int vm_guest_forwarding(const char *name, bool *on, struct ovt_err *e)
{
	char *argv[] = { "cat", "/proc/sys/net/ipv4/ip_forward", NULL };
	char *t;
	int r = vm_guest_output(name, argv, &t, e);

	if (r == 0)
		*on = t[0] == '1';
	free(t);
	return r;
}

int vm_nic_add(const char *name, const struct node *n, const char *ifname,
	       const char *guest_if, const char *guest_addr,
	       const char *guest_br,
	       int (*host_side)(void *arg, struct ovt_err *e), void *arg,
	       struct ovt_err *e)
{
	struct vm_qmp *q;
	char mac[18], id[40], fdname[48];
	int tap = -1, r, st = 0;
	bool intr;
	unsigned rnd;

	struct vm_info vi;

	if ((r = vm_inspect(name, &vi, e)) < 0)
		return r;
	if (!vi.running)
		return ovt_err_set(e, ESRCH, "vm '%s' is stopped: start it "
				   "first ('vm %s')", name, name);
	q = calloc(1, sizeof(*q));
	if (!q)
		return ovt_err_set(e, ENOMEM, "out of memory");
	rnd = (unsigned)time(NULL) ^ (unsigned)getpid() << 8 ^
	      (unsigned)rand();
	/* locally administered, qemu's 52:54:00 prefix */
	snprintf(mac, sizeof(mac), "52:54:00:%02x:%02x:%02x", rnd & 0xff,
		 (rnd >> 8) & 0xff, (rnd >> 16) & 0xff);
	/* ids of their own: a NIC whose TAP was removed may still be
	 * leaving the guest when its successor comes */
	snprintf(id, sizeof(id), "nic%06x", rnd & 0xffffff);
	snprintf(fdname, sizeof(fdname), "fd%06x", rnd & 0xffffff);
	if ((r = qmp_open(name, q, e)) < 0)
		goto out;
	if ((r = vm_nic_drop_old(name, q, guest_if, e)) < 0)
		goto close;
	tap = vm_tap_open(n, ifname, e);
	if (tap < 0) {
		r = tap;
		goto close;
	}
	r = qmp_run(q, json_pack("{s:s,s:{s:s}}", "execute", "getfd",
				 "arguments", "fdname", fdname), tap, e);
	if (r == 0)
		r = qmp_run(q, json_pack("{s:s,s:{s:s,s:s,s:s}}", "execute",
					 "netdev_add", "arguments", "type",
					 "tap", "id", id, "fd", fdname), -1, e);
	if (r == 0)
		r = qmp_run(q, json_pack("{s:s,s:{s:s,s:s,s:s,s:s}}",
					 "execute", "device_add", "arguments",
					 "driver", "virtio-net-pci", "netdev",
					 id, "mac", mac, "id", id), -1, e);
	close(tap);             /* qemu holds it now (or it goes) */
	if (r == 0 && host_side)
		r = host_side(arg, e);
	if (r == 0) {
		char *argv[] = { "sh", "-c", (char *)vm_nic_script, "sh", mac,
				 (char *)guest_if, (char *)(guest_addr ?: ""),
				 (char *)(guest_br ?: ""),
				 (char *)lab_alias(), NULL };
		char why[200] = "";
		int p[2] = { -1, -1 };
		ssize_t got;

		/* its few words of stderr, for the error: a pipe holds them */
		if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
			r = ovt_err_set(e, errno, "pipe: %s", strerror(errno));
		else
			r = vm_exec(name, argv, p[1], p[1], &st, &intr, e);
		if (p[0] >= 0 && (got = read(p[0], why, sizeof(why) - 1)) > 0)
			why[got] = '\0';
		why[strcspn(why, "\n")] = '\0';
		if (p[0] >= 0) {
			close(p[0]);
			close(p[1]);
		}
		if (r == 0 && st != 0)
			r = ovt_err_set(e, EIO, "vm '%s': the guest could not "
					"set up %s: %s", name, guest_if,
					why[0] ? why : "no message");
		if (r == 0)
			r = vm_nic_note(name, n, ifname, guest_if, id, e);
	}
	if (r < 0) {     /* nothing half-made: the NIC goes, the TAP too */
		struct ovt_err ig = { 0 };

		qmp_unplug(q, id, &ig);
	}
close:
	close(q->fd);
out:
	free(q);
	return r;
}
