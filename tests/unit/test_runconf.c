/* test_runconf.c - every line the running-config writers can produce
 * re-parses to the command that wrote it.
 *
 * The areas' writers (src/cmd/, cmd_runconf.h) get canned data covering
 * every branch (GRE too, which this kernel cannot run); each line they
 * write goes through the real lexer and matcher in the mode it is read
 * in and must match, unambiguously, the command its kind names (an entry
 * of the writer's own static table).  Every kind a writer declares must
 * be written at least once, and no line may carry an undeclared kind.
 * Some blocks are also compared with their exact text.
 *
 * "test_runconf --kinds" prints the declared kinds, one a line: the
 * integration test runconf_all.sh compares them with a real lab's text.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cli_int.h"
#include "../../src/cmd/cmd_runconf.h"
#include "ovtsh/docker.h"
#include "ovtsh/vm.h"
#include "t.h"

/* ---- the declared kinds ---- */
#define RC_MAX_KINDS 128

static const struct cmd_rc_kind *rc_kinds[RC_MAX_KINDS];
static int rc_nkinds, rc_seen_n[RC_MAX_KINDS];

static void rc_declare_one(const struct cmd_rc_kind *k)
{
	if (rc_nkinds < RC_MAX_KINDS)
		rc_kinds[rc_nkinds++] = k;
}

static void rc_declare(const struct cmd_rc_kind *k)
{
	for (; k->kind; k++)
		rc_declare_one(k);
}

static void rc_collect(void)
{
	const struct cmd_runconf *const *a;
	const struct cmd_nodeconf *const *p;
	int n;

	rc_declare_one(&cmd_rc_exit);     /* single kinds, not lists */
	rc_declare_one(&cmd_rc_endk);
	a = cmd_runconf_all(&n);
	for (int i = 0; i < n; i++)
		rc_declare(a[i]->kinds);
	p = cmd_nodeconf_all(&n);
	for (int i = 0; i < n; i++)
		rc_declare(p[i]->kinds);
}

static int rc_kind_index(const struct cmd_rc_kind *k)
{
	for (int i = 0; i < rc_nkinds; i++)
		if (rc_kinds[i] == k)
			return i;
	return -1;
}

/* ---- each line, as it is written ---- */
static struct lex_line rc_l;
static struct match_result rc_r;
static int rc_lines;

static void rc_seen(void *arg, const struct cmd_rc_kind *k, enum cli_mode m,
		    const char *line)
{
	int i = k ? rc_kind_index(k) : -1;
	size_t n;

	(void)arg;
	rc_lines++;
	T_INTEQ(lex_split(line, strlen(line), &rc_l), 0);
	if (!k) {                       /* a comment: no command at all */
		T_INTEQ(rc_l.n, 0);
		return;
	}
	if (i < 0) {
		fprintf(stderr, "undeclared kind '%s': %s\n", k->kind, line);
		T_CHECK(i >= 0);
		return;
	}
	rc_seen_n[i]++;
	n = strlen(k->kind);
	T_CHECK(!strncmp(line, k->kind, n) && (!line[n] || line[n] == ' '));
	match_line(&rc_l, rc_l.n, m, false, &rc_r);
	if (!rc_r.cmd || rc_r.namb || (k->cmd ? rc_r.cmd->def != k->cmd :
	    strcmp(rc_r.cmd->def->syntax, k->kind))) {
		fprintf(stderr, "\"%s\" in %s mode matches %s, not \"%s\"\n",
			line, mode_def(m)->name,
			rc_r.cmd ? rc_r.cmd->def->syntax : "nothing",
			k->cmd ? k->cmd->syntax : k->kind);
		T_CHECK(!"the line re-parses to its writer's command");
	}
}

/* ---- canned data ---- */
static struct val_prefix rc_pfx(const char *s)
{
	struct val_prefix p;

	T_INTEQ(val_prefix_parse(s, AF_UNSPEC, &p, NULL), 0);
	return p;
}

static struct net_route_info rc_route(const char *dst, const char *gw,
				      const char *dev)
{
	struct net_route_info r = { 0 };

	if (dst)
		r.dst = rc_pfx(dst);
	else
		r.dst.family = AF_INET;        /* len 0: default */
	if (gw) {
		r.has_gw = true;
		T_INTEQ(inet_pton(AF_INET, gw, r.gw), 1);
	}
	snprintf(r.dev, sizeof(r.dev), "%s", dev ? dev : "");
	r.protocol = NET_RTPROT;
	return r;
}

static char rc_bridges[2][IFNAMSIZ] = { "br1", "br3" };
static struct val_prefix rc_addrs[3];
static struct net_lab_conn rc_conns[3];
static struct net_lab_iface rc_ifaces[3];
static struct net_route_info rc_routes[4];

/* A hypervisor with one of everything (fwd: its forwarding). */
static struct net_lab_node rc_node(const struct node_kind *kind,
				   const char *name, bool fwd)
{
	struct net_lab_node n = { 0 };

	T_INTEQ(node_make(&n.node, kind, name, NULL), 0);
	n.tagged = kind == &net_hv_kind;
	n.bridge = rc_bridges;
	n.nbridge = 2;
	n.conn = rc_conns;
	n.nconn = 3;
	n.iface = rc_ifaces;
	n.niface = 3;
	n.route = rc_routes;
	n.nroute = 4;
	n.has_fwd = kind != &node_host_kind;
	n.fwd = fwd;
	return n;
}

static void rc_canned(void)
{
	rc_addrs[0] = rc_pfx("10.0.0.1/24");
	rc_addrs[1] = rc_pfx("2001:db8::1/64");
	rc_addrs[2] = rc_pfx("fe80::1/64");
	node_make(&rc_conns[0].peer, &net_hv_kind, "ns2", NULL);
	node_make(&rc_conns[1].peer, &docker_ct_kind, "lc1", NULL);
	node_make(&rc_conns[2].peer, &node_host_kind, NULL, NULL);
	for (int i = 0; i < 3; i++) {
		snprintf(rc_conns[i].ifname, IFNAMSIZ, "v%d", i);
		snprintf(rc_conns[i].peer_ifname, IFNAMSIZ, "p%d", i);
	}
	/* addresses, mtu; master; nothing but down */
	snprintf(rc_ifaces[0].name, IFNAMSIZ, "eth0");
	rc_ifaces[0].addr = rc_addrs;
	rc_ifaces[0].naddr = 3;
	rc_ifaces[0].mtu = 1400;
	rc_ifaces[0].up = true;
	snprintf(rc_ifaces[1].name, IFNAMSIZ, "eth1");
	snprintf(rc_ifaces[1].master, IFNAMSIZ, "br1");
	rc_ifaces[1].up = true;
	snprintf(rc_ifaces[2].name, IFNAMSIZ, "eth2");
	rc_routes[0] = rc_route(NULL, "10.0.0.254", "eth0");
	rc_routes[1] = rc_route("10.1.0.0/16", "10.0.0.2", NULL);
	rc_routes[2] = rc_route("10.2.0.0/16", NULL, "eth1");
	rc_routes[3] = rc_route("10.3.0.0/16", "10.0.0.3", "eth0");
}

static void rc_tun(struct net_tunnel *t, const char *name, enum net_kind k,
		   int nends)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->kind = k;
	t->nends = nends;
}

/* An end; dev and addr NULL: none. */
static void rc_end(struct net_tun_end *x, const struct node_kind *k, const char *node,
		   const char *local, const char *dev, const char *addr)
{
	memset(x, 0, sizeof(*x));
	node_make(&x->node, k, node, NULL);
	inet_pton(AF_INET, local, &x->local);
	snprintf(x->dev, sizeof(x->dev), "%s", dev ? dev : "");
	x->has_addr = addr != NULL;
	if (addr)
		x->addr = rc_pfx(addr);
}

/* ---- the writers, into a string ---- */
static char *rc_buf;
static size_t rc_len;

static FILE *rc_open(struct cmd_rc *w)
{
	FILE *fp = open_memstream(&rc_buf, &rc_len);

	T_CHECK(fp != NULL);
	cmd_rc_init(w, fp);
	w->seen = rc_seen;
	return fp;
}

/* Close; the text must be want (NULL: any). */
static void rc_close(FILE *fp, const char *want)
{
	fclose(fp);
	if (want)
		T_STREQ(rc_buf, want);
	free(rc_buf);
	rc_buf = NULL;
}

static void rc_nodes(void)
{
	struct net_lab_node hv = rc_node(&net_hv_kind, "ns1", true);
	struct net_lab_node off = rc_node(&net_hv_kind, "ns2", false);
	struct net_lab_node host = rc_node(&node_host_kind, NULL, false);
	struct net_lab_node ct = rc_node(&docker_ct_kind, "lc1", true);
	struct vm_info vm1 = { 0 }, vm2;
	const struct vm_nic nics[] = {
		{ "hypervisor", "ns1", "tv1", "eth1", "nic000001" },
		{ "host", "host", "tv2", "eth2", "nic000002" },
		{ "container", "c1", "tv3", "eth3", "nic000003" }, /* its TAP is gone */
	};
	const char *const brs[] = { "brvm", "", NULL };
	struct net_lab_node empty = { 0 };
	struct docker_ct up = { .name = "lc1", .image = "labbox",
				.running = true };
	struct docker_ct down = { .name = "lc2", .image = "labbox:1" };
	struct cmd_rc w;
	FILE *fp;

	for (int ph = 0; ph < LAB_PHASE_COUNT; ph++) {
		fp = rc_open(&w);
		cmd_hv_conf(&w, (enum lab_phase)ph, &hv);
		cmd_hv_conf(&w, (enum lab_phase)ph, &off);
		cmd_hv_conf(&w, (enum lab_phase)ph, &host);
		cmd_ct_conf(&w, (enum lab_phase)ph, &ct);
		rc_close(fp, NULL);
	}
	fp = rc_open(&w);
	cmd_hv_conf(&w, LAB_PHASE_ADDRS, &hv);
	rc_close(fp, "hypervisor ns1\n"
		     " interface eth0\n"
		     "  ip address 10.0.0.1/24\n"
		     "  ipv6 address 2001:db8::1/64\n"
		     "  ipv6 address fe80::1/64\n"
		     "  mtu 1400\n"
		     " exit\n"
		     " interface eth1\n"
		     "  master br1\n"
		     " exit\n"
		     " interface eth2\n"
		     "  shutdown\n"
		     " exit\n"
		     "exit\n");
	fp = rc_open(&w);
	cmd_hv_conf(&w, LAB_PHASE_LINKS, &hv);
	cmd_hv_conf(&w, LAB_PHASE_ROUTES, &host);
	cmd_ct_conf(&w, LAB_PHASE_ROUTES, &ct);
	rc_close(fp, "hypervisor ns1\n"
		     " connect v0 hypervisor ns2 peer p0\n"
		     " connect v1 container lc1 peer p1\n"
		     " connect v2 host peer p2\n"
		     "exit\n"
		     "hypervisor host\n"
		     " route default via 10.0.0.254 dev eth0\n"
		     " route 10.1.0.0/16 via 10.0.0.2\n"
		     " route 10.2.0.0/16 dev eth1\n"
		     " route 10.3.0.0/16 via 10.0.0.3 dev eth0\n"
		     "exit\n"
		     "container lc1\n"
		     " route default via 10.0.0.254 dev eth0\n"
		     " route 10.1.0.0/16 via 10.0.0.2\n"
		     " route 10.2.0.0/16 dev eth1\n"
		     " route 10.3.0.0/16 via 10.0.0.3 dev eth0\n"
		     " ip forwarding\n"
		     "exit\n");
	/* an empty hypervisor is said in the nodes phase only, a container
	 * with nothing to say not at all */
	node_make(&empty.node, &net_hv_kind, "ns3", NULL);
	fp = rc_open(&w);
	for (int ph = 0; ph < LAB_PHASE_COUNT; ph++)
		cmd_hv_conf(&w, (enum lab_phase)ph, &empty);
	node_make(&empty.node, &docker_ct_kind, "lc3", NULL);
	for (int ph = 1; ph < LAB_PHASE_COUNT; ph++)
		cmd_ct_conf(&w, (enum lab_phase)ph, &empty);
	rc_close(fp, "hypervisor ns3\nexit\n");
	fp = rc_open(&w);
	cmd_ct_conf_node(&w, &up);
	cmd_ct_conf_node(&w, &down);
	cmd_rc_comment(&w, "no containers: %s", "a note");
	cmd_rc_line(&w, &cmd_rc_endk, NULL);
	rc_close(fp, "container lc1\n image labbox\nexit\n"
		     "container lc2\n image labbox:1\n stop\nexit\n"
		     "! no containers: a note\nend\n");
	/* VMs: the settings as asked; kernel only when one was given */
	fp = rc_open(&w);
	vm_conf_default(&vm1.conf);
	snprintf(vm1.name, sizeof(vm1.name), "v1");
	vm2 = vm1;
	snprintf(vm2.name, sizeof(vm2.name), "v2");
	vm2.conf.memory = 512;
	vm2.conf.cpus = 2;
	vm2.conf.accel = VM_ACCEL_TCG;
	snprintf(vm2.conf.kernel, sizeof(vm2.conf.kernel),
		 "/boot/vmlinuz-6.1.0-57-cloud-amd64");
	cmd_vm_conf(&w, &vm1);
	cmd_vm_conf(&w, &vm2);
	rc_close(fp, "vm v1\n memory 256\n cpus 1\n accel auto\nexit\n"
		     "vm v2\n memory 512\n cpus 2\n"
		     " kernel /boot/vmlinuz-6.1.0-57-cloud-amd64\n"
		     " accel tcg\nexit\n");
	/* a VM's links: to a hypervisor's bridge, to the host */
	fp = rc_open(&w);
	cmd_vm_conf_nics(&w, "v1", nics, brs, 3);
	rc_close(fp, "vm v1\n connect eth1 hypervisor ns1 peer tv1 bridge brvm\n"
		     " connect eth2 host peer tv2\nexit\n");
}

/* t's block must read want. */
static void rc_tun_text(const struct net_tunnel *t, const char *want)
{
	struct cmd_rc w;
	FILE *fp = rc_open(&w);

	cmd_tun_conf(&w, t);
	rc_close(fp, want);
}

static void rc_tunnels(void)
{
	struct net_tunnel t;

	/* GRE: key and ttl, one end in a container, one in a hypervisor */
	rc_tun(&t, "gretun1", NET_K_GRE, 2);
	t.has_key = true;
	t.key = 7;
	t.ttl = 64;
	rc_end(&t.end[0], &docker_ct_kind, "lc1", "101.0.0.2", "eth1", "10.9.0.1/30");
	rc_end(&t.end[1], &net_hv_kind, "ns2", "102.0.0.2", NULL, NULL);
	rc_tun_text(&t, "tunnel gretun1\n"
		     " type gre\n"
		     " key 7\n"
		     " ttl 64\n"
		     " endpoint container lc1 local 101.0.0.2 dev eth1 "
		     "address 10.9.0.1/30\n"
		     " endpoint hypervisor ns2 local 102.0.0.2\n"
		     "exit\n");
	/* VXLAN: vni, port, every option of an end, the host */
	rc_tun(&t, "vx42", NET_K_VXLAN, 2);
	t.has_vni = true;
	t.vni = 42;
	t.port = 4790;
	rc_end(&t.end[0], &node_host_kind, NULL, "110.0.0.2", "to-lc1",
	       "10.8.0.1/24");
	rc_end(&t.end[1], &net_hv_kind, "ns2", "111.0.0.2", NULL, NULL);
	inet_pton(AF_INET, "111.0.0.9", &t.end[0].remote);
	snprintf(t.end[0].bridge, IFNAMSIZ, "br1");
	snprintf(t.end[0].ifname, IFNAMSIZ, "vx0");
	rc_tun_text(&t, "tunnel vx42\n"
		     " type vxlan\n"
		     " vni 42\n"
		     " dstport 4790\n"
		     " endpoint host local 110.0.0.2 dev to-lc1 remote "
		     "111.0.0.9 bridge br1 address 10.8.0.1/24 ifname vx0\n"
		     " endpoint hypervisor ns2 local 111.0.0.2\n"
		     "exit\n");
	rc_tun(&t, "gt0", NET_K_GRETAP, 1);
	rc_end(&t.end[0], &net_hv_kind, "ns1", "1.1.1.1", NULL, NULL);
	inet_pton(AF_INET, "2.2.2.2", &t.end[0].remote);
	rc_tun_text(&t, "tunnel gt0\n type gretap\n"
		     " endpoint hypervisor ns1 local 1.1.1.1 remote 2.2.2.2\n"
		     "exit\n");
}

/* Each declared kind once, sorted (for runconf_all.sh). */
static int rc_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int rc_print_kinds(void)
{
	const char *v[RC_MAX_KINDS];

	for (int i = 0; i < rc_nkinds; i++)
		v[i] = rc_kinds[i]->kind;
	qsort(v, (size_t)rc_nkinds, sizeof(v[0]), rc_cmp);
	for (int i = 0; i < rc_nkinds; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]))
			printf("%s\n", v[i]);
	return 0;
}

int main(int argc, char **argv)
{
	int n;

	rc_collect();
	if (argc > 1 && !strcmp(argv[1], "--kinds"))
		return rc_print_kinds();
	/* the areas of today: hypervisors, tunnels, containers, vms */
	cmd_runconf_all(&n);
	T_INTEQ(n, 4);
	cmd_nodeconf_all(&n);
	T_CHECK(n >= 4);
	rc_canned();
	rc_nodes();
	rc_tunnels();
	T_CHECK(rc_lines > 50);
	for (int i = 0; i < rc_nkinds; i++)
		if (!rc_seen_n[i]) {
			fprintf(stderr, "kind '%s' never written\n",
				rc_kinds[i]->kind);
			T_CHECK(rc_seen_n[i] > 0);
		}
	T_DONE();
}
