/* capprint.h - the printers of a decoded packet (ovtsh/dissect.h): one
 * tcpdump -nn style text line, or one JSON object per line.  They only
 * render what the dissectors filled in, never look at the bytes.
 */
#ifndef OVTSH_CAPPRINT_H
#define OVTSH_CAPPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "ovtsh/dissect.h"

#define CAP_LINE_MAX 4096

/* One tcpdump -nn style line, outer to inner, into buf (NUL-terminated,
 * '\n' included).  Returns the length written. */
size_t cap_format_text(const struct dec_pkt *pkt, char *buf, size_t size);
/* The detail view: what tcpdump -nn -e -v prints (every Ethernet header,
 * IPv4/IPv6 fields, GRE flags, the checksums of dec_checksums(), which
 * the caller runs first), its lines included, into buf as
 * cap_format_text. */
size_t cap_format_detail(const struct dec_pkt *pkt, char *buf, size_t size);
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

#endif
