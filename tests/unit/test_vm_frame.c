/* test_vm_frame.c - the agent link's frames: headers round-trip, a
 * partial frame waits for more, a bad header is refused, a frame is
 * found behind leftovers by its type and id, argv payloads
 * round-trip and malformed ones are refused; the guest's error lines
 * are read back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/vm.h"
#include "t.h"

static void test_hdr(void)
{
	uint8_t buf[VM_FR_HDR + 5];
	struct vm_frame f;

	vm_frame_hdr(buf, VM_FR_OUT, 0x01020304, 5);
	memcpy(buf + VM_FR_HDR, "hello", 5);
	T_INTEQ(buf[0], 'O');
	T_INTEQ(buf[4], 4);             /* little-endian id */
	T_INTEQ(buf[8], 5);
	T_INTEQ(vm_frame_parse(buf, sizeof(buf), &f), VM_FR_HDR + 5);
	T_INTEQ(f.type, VM_FR_OUT);
	T_INTEQ(f.id, 0x01020304);
	T_INTEQ(f.len, 5);
	T_CHECK(!memcmp(f.data, "hello", 5));
	/* incomplete: header or payload cut */
	T_INTEQ(vm_frame_parse(buf, VM_FR_HDR - 1, &f), 0);
	T_INTEQ(vm_frame_parse(buf, VM_FR_HDR + 4, &f), 0);
	T_INTEQ(vm_frame_parse(buf, 0, &f), 0);
	/* bad: unknown type, non-zero pad, too long */
	buf[0] = 'Z';
	T_INTEQ(vm_frame_parse(buf, sizeof(buf), &f), -EPROTO);
	buf[0] = 'O';
	buf[2] = 1;
	T_INTEQ(vm_frame_parse(buf, sizeof(buf), &f), -EPROTO);
	vm_frame_hdr(buf, VM_FR_ERR, 1, VM_FR_MAX + 1);
	T_INTEQ(vm_frame_parse(buf, VM_FR_HDR, &f), -EPROTO);
	vm_frame_hdr(buf, VM_FR_PING, 9, 0);
	T_INTEQ(vm_frame_parse(buf, VM_FR_HDR, &f), VM_FR_HDR);
	T_INTEQ(f.len, 0);
}

static void test_argv(void)
{
	char *in[] = { "sh", "-c", "echo a b", "", NULL }, *out[8], buf[64];
	uint32_t len;
	uint8_t *p = vm_frame_argv(in, &len);

	T_CHECK(p != NULL);
	T_INTEQ(len, 3 + 3 + 9 + 1);
	T_INTEQ(vm_frame_unargv(p, len, buf, sizeof(buf), out, 8), 4);
	T_STREQ(out[0], "sh");
	T_STREQ(out[2], "echo a b");
	T_STREQ(out[3], "");
	T_CHECK(out[4] == NULL);
	/* not NUL-terminated, too many words, does not fit */
	T_INTEQ(vm_frame_unargv(p, len - 2, buf, sizeof(buf), out, 8), -EPROTO);
	T_INTEQ(vm_frame_unargv(p, len, buf, sizeof(buf), out, 4), -EPROTO);
	T_INTEQ(vm_frame_unargv(p, len, buf, 4, out, 8), -EPROTO);
	T_INTEQ(vm_frame_unargv(p, 0, buf, sizeof(buf), out, 8), -EPROTO);
	free(p);
	in[0] = NULL;
	T_CHECK(vm_frame_argv(in, &len) == NULL);
}

static void test_guest_err(void)
{
	const char *msg;
	int n, col;

	T_INTEQ(vm_guest_err_parse("-c:3:12: invalid input", &n, &col, &msg),
		0);
	T_INTEQ(n, 3);
	T_INTEQ(col, 12);
	T_STREQ(msg, "invalid input");
	T_INTEQ(vm_guest_err_parse("-c:2: no interface x0 in host", &n, &col,
				   &msg), 0);
	T_INTEQ(n, 2);
	T_INTEQ(col, 0);
	T_STREQ(msg, "no interface x0 in host");
	/* a note, another file, no number: not an error line */
	T_INTEQ(vm_guest_err_parse("% vm: a note", &n, &col, &msg), -EINVAL);
	T_INTEQ(vm_guest_err_parse("x.ovt:3: msg", &n, &col, &msg), -EINVAL);
	T_INTEQ(vm_guest_err_parse("-c:: msg", &n, &col, &msg), -EINVAL);
	T_INTEQ(vm_guest_err_parse("-c:4x: msg", &n, &col, &msg), -EINVAL);
	/* a dry run's action line reads the same way: sign and command */
	T_INTEQ(vm_guest_err_parse("-c:3: = ip route add default via 1.2.3.4",
				   &n, &col, &msg), 0);
	T_INTEQ(n, 3);
	T_STREQ(msg, "= ip route add default via 1.2.3.4");
	T_INTEQ(vm_guest_err_parse("-c:(end of file): + ip link add t0 type "
				   "gre", &n, &col, &msg), 0);
	T_INTEQ(n, 0);
	T_STREQ(msg, "+ ip link add t0 type gre");
	T_INTEQ(vm_guest_err_parse("-c:(end of file) x", &n, &col, &msg),
		-EINVAL);
}

static void test_guest_recap(void)
{
	T_CHECK(vm_guest_recap("2 changed, 0 unchanged, 0 removed, 0 failed"));
	T_CHECK(vm_guest_recap("dry run: 0 changed, 3 unchanged, 0 removed, "
			       "0 failed"));
	T_CHECK(!vm_guest_recap("-c:2: 3 changed, lines"));
	T_CHECK(!vm_guest_recap("changed, 0 unchanged"));
	T_CHECK(!vm_guest_recap("12 routes changed"));
	T_CHECK(!vm_guest_recap(""));
}

/* The READY of this connection's ping, found behind an earlier host's
 * leftovers: another id's READY, the tail of a frame; cut, it waits. */
static void test_find(void)
{
	uint8_t buf[64];
	struct vm_frame f;
	size_t n = 0, at = 99;

	memcpy(buf, "\x01\x02tail", 6);                   /* a frame's tail */
	n = 6;
	vm_frame_hdr(buf + n, VM_FR_READY, 7, 2);        /* another id's */
	memcpy(buf + n + VM_FR_HDR, "r1", 2);
	n += VM_FR_HDR + 2;
	T_INTEQ(vm_frame_parse(buf, n, &f), -EPROTO);    /* out of step */
	T_INTEQ(vm_frame_find(buf, n, VM_FR_READY, 8, &at, &f), 0);
	T_INTEQ(at, n - (VM_FR_HDR - 1));                /* keeps a head */
	vm_frame_hdr(buf + n, VM_FR_READY, 8, 3);
	memcpy(buf + n + VM_FR_HDR, "6.1", 3);
	T_INTEQ(vm_frame_find(buf, n + VM_FR_HDR + 1, VM_FR_READY, 8, &at,
			      &f), 0);                   /* cut: waits */
	T_INTEQ(at, n);
	T_INTEQ(vm_frame_find(buf, n + VM_FR_HDR + 3, VM_FR_READY, 8, &at,
			      &f), VM_FR_HDR + 3);
	T_INTEQ(at, n);
	T_INTEQ(f.id, 8);
	T_CHECK(!memcmp(f.data, "6.1", 3));
	/* nothing, or less than a header: keep it all */
	T_INTEQ(vm_frame_find(buf, 5, VM_FR_READY, 8, &at, &f), 0);
	T_INTEQ(at, 0);
}

int main(void)
{
	test_hdr();
	test_find();
	test_argv();
	test_guest_err();
	test_guest_recap();
	T_DONE();
}
