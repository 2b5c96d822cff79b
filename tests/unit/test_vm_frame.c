/* test_vm_frame.c - the agent link's frames: headers round-trip, a
 * partial frame waits for more, a bad header is refused, a frame is
 * found behind leftovers by its type and id, argv payloads
 * round-trip and malformed ones are refused. */
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
	T_DONE();
}
