/* capture.h - packet capture (libpcap live and offline) and the overlay-
 * aware dissectors behind it.
 *
 * Decoding is separated from printing (tcpdump's netdissect done the other
 * way round): dec_packet() fills a struct dec_pkt, an array of layers outer
 * to inner, reading the bytes only through a bounds-checked cursor; the
 * printers render that struct as one tcpdump-style text line or one JSON
 * object.  A layer whose header ran past the captured bytes is TRUNCATED; a
 * header that contradicts itself (IPv4 IHL < 5, UDP length < 8 ...) is
 * INVALID.  Either ends the packet.
 */
#ifndef OVTSH_CAPTURE_H
#define OVTSH_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "ovtsh/err.h"
#include "ovtsh/node.h"
#include "ovtsh/out.h"

/* ---- cursor --------------------------------------------------------- */

/* Every read is checked against the captured length; a short read sets the
 * sticky flag short_read and returns 0, so a dissector reads its whole
 * header and tests the flag once. */
struct dec_cur {
	const uint8_t *p;
	uint32_t len;          /* captured bytes from p */
	uint32_t off;
	uint32_t end;          /* declared end of the current payload (IP and
				  UDP lengths), may lie past len */
	bool short_read;
};

static inline void dec_cur_init(struct dec_cur *c, const uint8_t *p,
				uint32_t len)
{
	c->p = p;
	c->len = len;
	c->end = len;
	c->off = 0;
	c->short_read = false;
}

static inline uint32_t dec_left(const struct dec_cur *c)
{
	return c->len - c->off;
}

/* Claim n bytes: a pointer to them, or NULL (and short_read) past the end. */
static inline const uint8_t *dec_take(struct dec_cur *c, uint32_t n)
{
	const uint8_t *q;

	if (n > dec_left(c)) {
		c->short_read = true;
		c->off = c->len;
		return NULL;
	}
	q = c->p + c->off;
	c->off += n;
	return q;
}

static inline uint8_t dec_u8(struct dec_cur *c)
{
	const uint8_t *q = dec_take(c, 1);

	return q ? q[0] : 0;
}

static inline uint16_t dec_be16(struct dec_cur *c)
{
	const uint8_t *q = dec_take(c, 2);

	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static inline uint32_t dec_be32(struct dec_cur *c)
{
	const uint8_t *q = dec_take(c, 4);

	return q ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
			   (uint32_t)q[2] << 8 | q[3] : 0;
}

/* Copy n bytes into dst (zeroes on a short read). */
static inline void dec_copy(struct dec_cur *c, void *dst, uint32_t n)
{
	const uint8_t *q = dec_take(c, n);
	uint8_t *d = dst;
	uint32_t i;

	for (i = 0; i < n; i++)
		d[i] = q ? q[i] : 0;
}

static inline void dec_skip(struct dec_cur *c, uint32_t n)
{
	(void)dec_take(c, n);
}

/* ---- decoded packet ------------------------------------------------- */

enum dec_proto {
	DEC_ETH = 0,
	DEC_VLAN,
	DEC_ARP,
	DEC_IPV4,
	DEC_IPV6,
	DEC_ICMP,
	DEC_ICMPV6,
	DEC_UDP,
	DEC_TCP,
	DEC_VXLAN,
	DEC_GRE,
	DEC_IGMP,
	DEC_PROTO_COUNT
};

enum dec_status {
	DEC_OK = 0,
	DEC_TRUNCATED,         /* the capture ended inside this header */
	DEC_INVALID,           /* the header contradicts itself */
};

#define DEC_MAX_LAYERS 16      /* nesting cap: deeper layers are not decoded */

struct dec_eth { uint8_t dst[6], src[6]; uint16_t type; };
struct dec_vlan { uint16_t id, type; uint8_t pcp, dei; };
struct dec_arp {
	uint16_t htype, ptype, op;
	uint8_t hlen, plen;
	uint8_t sha[6], spa[4], tha[6], tpa[4];   /* Ethernet/IPv4 only */
};
struct dec_ipv4 {
	uint8_t src[4], dst[4];
	uint8_t ihl, tos, ttl, proto;
	uint16_t len, id;
	uint16_t frag;         /* offset in bytes */
	bool df, mf;
	uint8_t optlen;        /* bytes of options */
};
struct dec_ipv6 {
	uint8_t src[16], dst[16];
	uint8_t hlim, nxt;     /* nxt: after extension headers */
	uint16_t plen;
	uint32_t flow;
	uint8_t tclass;
	uint8_t ext1;          /* first extension header (0: hop-by-hop),
				  255 when there is none */
	bool frag;             /* a fragment header was seen */
	uint16_t frag_off;     /* bytes */
	bool frag_more;
	uint32_t frag_id;
};
struct dec_icmp {      /* ICMP and ICMPv6 */
	uint8_t type, code;
	bool echo;             /* id/seq are meaningful */
	uint16_t id, seq, csum;    /* seq: the next-hop MTU of "need to frag" */
	uint16_t len;          /* ICMP message bytes (header + data) */
	/* ICMPv4 errors: the IPv4 header (and ports) of the packet quoted */
	bool quoted, q_ports;
	uint8_t q_proto;
	uint8_t q_src[4], q_dst[4];
	uint16_t q_sport, q_dport;
	/* ICMPv6 neighbor solicitation/advertisement: the target */
	bool has_target;
	uint8_t target[16];
};
struct dec_igmp {
	uint8_t type, code;    /* code: max response code of a query */
	uint8_t group[4];      /* not in a v3 report */
	uint16_t nrec;         /* v3 report: group records */
	uint16_t nsrc;         /* v3 query: sources */
	uint16_t len;          /* IGMP message bytes */
};
struct dec_udp { uint16_t sport, dport, len, csum; };
#define DEC_TCP_OPTS 10
#define DEC_TCP_SACKS 4
struct dec_tcpopt {
	uint8_t kind, len;
	uint32_t a, b;         /* mss, wscale, TS val/ecr, sack block count */
};
struct dec_tcp {
	uint16_t sport, dport, win, urp;
	uint32_t seq, ack;
	uint8_t flags, doff;
	uint16_t paylen;       /* segment data bytes, from the IP length */
	uint8_t nopts;         /* options in wire order, up to DEC_TCP_OPTS */
	bool opt_bad;          /* an option length ran past the header */
	struct dec_tcpopt opt[DEC_TCP_OPTS];
	uint32_t sack[2 * DEC_TCP_SACKS];    /* the first SACK's blocks */
};
struct dec_vxlan { uint8_t flags; uint32_t vni; };
struct dec_gre {
	uint16_t flags, ptype, csum, off;
	uint8_t version;
	bool has_csum, has_key, has_seq;
	uint32_t key, seq;
	uint16_t len;          /* GRE header + payload bytes */
};

struct dec_layer {
	uint8_t proto;         /* enum dec_proto */
	uint8_t status;        /* enum dec_status */
	uint32_t off;          /* offset of the header in the packet */
	uint32_t len;          /* declared bytes from the header on */
	union {
		struct dec_eth eth;
		struct dec_vlan vlan;
		struct dec_arp arp;
		struct dec_ipv4 ip4;
		struct dec_ipv6 ip6;
		struct dec_icmp icmp;
		struct dec_udp udp;
		struct dec_tcp tcp;
		struct dec_vxlan vxlan;
		struct dec_gre gre;
		struct dec_igmp igmp;
	} u;
};

struct dec_pkt {
	uint32_t len, caplen;  /* wire and captured length */
	struct timeval ts;
	int n;                 /* layers decoded */
	bool capped;           /* stopped at DEC_MAX_LAYERS */
	/* What followed the last layer and was not decoded: an unknown
	 * ethertype / protocol / port, or plain payload. */
	uint32_t rest;         /* payload bytes after the last layer */
	struct dec_layer l[DEC_MAX_LAYERS];
};

/* Decode one frame of the given link type (DLT_EN10MB, DLT_RAW,
 * DLT_LINUX_SLL ...); never reads data past caplen.  Returns the status of
 * the last layer (DEC_OK when the frame decoded fully). */
int dec_packet(struct dec_pkt *pkt, int linktype, const uint8_t *data,
	       uint32_t caplen, uint32_t len);

/* The protocol's JSON/short name ("eth", "ipv4", "vxlan" ...). */
const char *dec_proto_name(enum dec_proto p);

/* VXLAN UDP ports: 4789 and 8472 built in; tunnels add their dstport.
 * Returns 0, or -ENOSPC when the table is full. */
int cap_vxlan_port_add(uint16_t port);
bool cap_vxlan_port(uint16_t port);

/* ---- printers ------------------------------------------------------- */

#define CAP_LINE_MAX 4096

/* One tcpdump -nn style line, outer to inner, into buf (NUL-terminated,
 * '\n' included).  Returns the length written. */
size_t cap_format_text(const struct dec_pkt *pkt, char *buf, size_t size);
/* TCP flags as tcpdump writes them ("S", "P.", "none") into buf (at least
 * 9 bytes); returns the length. */
size_t cap_tcp_flags(uint8_t flags, char *buf, size_t size);
/* TCP options as tcpdump writes them ("mss 1460,sackOK,TS val 1 ecr 0");
 * returns the length (0: no options). */
size_t cap_tcp_opts(const struct dec_tcp *h, char *buf, size_t size);
/* Addresses as both printers write them, NUL-terminated into s (at least
 * 16 bytes for IPv4, 18 for a MAC); return the length. */
size_t cap_fmt_ip4(char *s, const uint8_t a[4]);
size_t cap_fmt_mac(char *s, const uint8_t m[6]);
/* The packet as one line of JSON (n counts from 1), '\n' included and
 * NUL-terminated, into buf; returns the length, 0 when it did not fit.
 * CAP_JSON_MAX holds any packet: DEC_MAX_LAYERS layers of the longest
 * kind with every field at its widest stay under half of it (10.7 KB,
 * test_dissect's test_json_max). */
#define CAP_JSON_MAX 32768
size_t cap_format_json(const struct dec_pkt *pkt, uint64_t n, char *buf,
		       size_t size);

/* ---- capture -------------------------------------------------------- */

struct cap_opts {
	const char *ifname;     /* live capture, or */
	const char *file;       /* offline: pcap/pcapng file */
	const struct node *node;    /* live: where the interface lives */
	const char *filter;     /* BPF, NULL for all */
	uint64_t count;         /* stop after count packets, 0 = no limit */
	const char *write;      /* write raw packets here instead of decoding */
	int snaplen;            /* 0: 262144 */
};

struct cap_stats {
	uint64_t captured;      /* packets handled by ovtsh */
	uint64_t received;      /* received by filter (pcap_stats ps_recv) */
	uint64_t dropped;       /* dropped by kernel (ps_drop) */
	bool live;
	bool interrupted;       /* ended by Ctrl-C (ovtsh/cancel.h, taken) */
};

/* Run a capture; packets go to o (text or JSON as o was opened), unless
 * opts->write.  Ctrl-C ends it like a count (st->interrupted).  0 or
 * -errno with pcap's own message in e. */
int cap_run(const struct cap_opts *opts, struct out *o, struct cap_stats *st,
	    struct ovt_err *e);

#endif
