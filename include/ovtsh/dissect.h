/* dissect.h - the overlay-aware dissectors: bytes -> struct dec_pkt.
 *
 * Decoding is separated from printing (tcpdump's netdissect done the other
 * way round): dec_packet() fills a struct dec_pkt, an array of layers outer
 * to inner, reading the bytes only through a bounds-checked cursor
 * (ovtsh/cursor.h); the printers (ovtsh/capprint.h) render that struct.  A
 * layer whose header ran past the captured bytes is TRUNCATED; a header
 * that contradicts itself (IPv4 IHL < 5, UDP length < 8 ...) is INVALID.
 * Either ends the packet.
 */
#ifndef OVTSH_DISSECT_H
#define OVTSH_DISSECT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>

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
	uint8_t opt[40];       /* the options, for the detail view */
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
/* An Internet checksum (IPv4 header, ICMP, ICMPv6, TCP, UDP), filled by
 * dec_checksums(): known when every byte it covers was captured and the
 * packet is not a fragment; want is what the field should hold. */
struct dec_csum {
	bool known, ok;
	uint16_t got, want;
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
	/* ... and its header's other fields, for the detail view */
	uint8_t q_ihl, q_tos, q_ttl;
	struct dec_csum q_ck;      /* the quoted IPv4 header's checksum */
	uint16_t q_id, q_len, q_frag;  /* q_frag: flags and offset as sent */
	uint16_t q_ulen;           /* a quoted UDP header's length field */
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
	struct dec_csum ck;    /* zeroed unless dec_checksums() ran */
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

/* What the decoder is told besides the bytes: the UDP ports that carry
 * VXLAN on this machine besides 4789 and 8472 (a lab tunnel's dstport),
 * filled by whoever runs the capture.  A zeroed one knows none. */
#define DEC_VXLAN_PORTS_MAX 32
struct dec_ctx {
	uint16_t vxlan_ports[DEC_VXLAN_PORTS_MAX];
	int n_vxlan;
};
/* Add a VXLAN port (0 and known ones are no-ops): 0, or -ENOSPC. */
int dec_vxlan_port_add(struct dec_ctx *x, uint16_t port);
/* Is port VXLAN: built in, or in x (which may be NULL)? */
bool dec_vxlan_port(const struct dec_ctx *x, uint16_t port);

/* Decode one frame of the given link type (DLT_EN10MB, DLT_RAW,
 * DLT_LINUX_SLL ...) with x (NULL: the built-in ports only); never reads
 * data past caplen.  Returns the status of the last layer (DEC_OK when
 * the frame decoded fully). */
int dec_packet(struct dec_pkt *pkt, const struct dec_ctx *x, int linktype,
	       const uint8_t *data, uint32_t caplen, uint32_t len);

/* Verify the checksums of a packet dec_packet() decoded from data (the
 * same bytes), into each layer's ck; reads only captured bytes. */
void dec_checksums(struct dec_pkt *pkt, const uint8_t *data);

/* The protocol's JSON/short name ("eth", "ipv4", "vxlan" ...). */
const char *dec_proto_name(enum dec_proto p);

#endif
