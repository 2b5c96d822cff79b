/* test_vm_kernel.c - the guest kernel's unpacking: LZ4 legacy frames
 * (literals, matches, overlapping matches, long lengths) decode exactly
 * and malformed ones are refused; a bzImage's payload is found by its
 * header; the PVH note of an ELF is recognised and its absence too. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/vm.h"
#include "t.h"

/* A legacy frame: the magic, then one block of n bytes. */
static size_t frame(uint8_t *f, const uint8_t *blk, size_t n)
{
	static const uint8_t head[] = { 0x02, 0x21, 0x4c, 0x18 };

	memcpy(f, head, 4);
	f[4] = (uint8_t)n;
	f[5] = (uint8_t)(n >> 8);
	f[6] = f[7] = 0;
	memcpy(f + 8, blk, n);
	return n + 8;
}

static int unpack(const uint8_t *blk, size_t n, size_t size, uint8_t **out)
{
	uint8_t f[256];

	return vm_lz4_legacy(f, frame(f, blk, n), size, out);
}

static void test_lz4(void)
{
	/* "abc", then a match of 6 at offset 3, then "xyz" */
	static const uint8_t b1[] = { 0x32, 'a', 'b', 'c', 3, 0,
				      0x30, 'x', 'y', 'z' };
	/* "a", a match of 19 at offset 1 (overlapping), then "b" */
	static const uint8_t b2[] = { 0x1f, 'a', 1, 0, 0, 0x10, 'b' };
	uint8_t b3[32] = { 0xf0, 5 };   /* 20 literals: 15 + 5 */
	uint8_t *out;
	char want[32];

	T_INTEQ(unpack(b1, sizeof(b1), 12, &out), 0);
	T_CHECK(out && !memcmp(out, "abcabcabcxyz", 12));
	free(out);

	T_INTEQ(unpack(b2, sizeof(b2), 21, &out), 0);
	memset(want, 'a', 20);
	want[20] = 'b';
	T_CHECK(out && !memcmp(out, want, 21));
	free(out);

	memcpy(b3 + 2, "0123456789abcdefghij", 20);
	T_INTEQ(unpack(b3, 22, 20, &out), 0);
	T_CHECK(out && !memcmp(out, "0123456789abcdefghij", 20));
	free(out);
}

static void test_lz4_bad(void)
{
	static const uint8_t b1[] = { 0x32, 'a', 'b', 'c', 3, 0,
				      0x30, 'x', 'y', 'z' };
	static const uint8_t off0[] = { 0x10, 'a', 0, 0, 0x10, 'b' };
	static const uint8_t far[] = { 0x10, 'a', 2, 0, 0x10, 'b' };
	static const uint8_t cut[] = { 0xf0 };     /* no length byte */
	uint8_t f[64], *out = (uint8_t *)1;

	/* the size must be the output's */
	T_INTEQ(unpack(b1, sizeof(b1), 11, &out), -EINVAL);
	T_CHECK(out == NULL);
	T_INTEQ(unpack(b1, sizeof(b1), 13, &out), -EINVAL);
	T_INTEQ(unpack(off0, sizeof(off0), 6, &out), -EINVAL);
	T_INTEQ(unpack(far, sizeof(far), 6, &out), -EINVAL);
	T_INTEQ(unpack(cut, sizeof(cut), 15, &out), -EINVAL);
	/* a block cut off by the frame's end */
	T_INTEQ(vm_lz4_legacy(f, frame(f, b1, sizeof(b1)) - 1, 12, &out),
		-EINVAL);
	/* not the legacy magic */
	frame(f, b1, sizeof(b1));
	f[0] = 0x04;
	T_INTEQ(vm_lz4_legacy(f, sizeof(b1) + 8, 12, &out), -EINVAL);
}

static void test_bzimage(void)
{
	uint8_t *img = calloc(1, 4096);
	size_t off = 0, len = 0;

	memcpy(img + 0x202, "HdrS", 4);
	img[0x206] = 0x0f;              /* protocol 2.15 */
	img[0x207] = 0x02;
	img[0x1f1] = 2;                 /* 2 setup sectors: code at 1536 */
	img[0x248] = 0x10;              /* payload at +16, 100 bytes */
	img[0x24c] = 100;
	T_INTEQ(vm_bzimage_payload(img, 4096, &off, &len), 0);
	T_INTEQ((int)off, 1536 + 16);
	T_INTEQ((int)len, 100);
	img[0x24d] = 0x10;              /* beyond the image */
	T_INTEQ(vm_bzimage_payload(img, 4096, &off, &len), -EINVAL);
	img[0x24d] = 0;
	img[0x207] = 0x01;              /* too old a protocol */
	T_INTEQ(vm_bzimage_payload(img, 4096, &off, &len), -EINVAL);
	img[0x207] = 0x02;
	img[0x202] = 'X';
	T_INTEQ(vm_bzimage_payload(img, 4096, &off, &len), -EINVAL);
	free(img);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

/* An ELF64 x86-64 executable with one PT_NOTE holding a "Xen" note of
 * type type. */
static size_t elf(uint8_t *p, uint32_t type)
{
	memset(p, 0, 256);
	memcpy(p, "\177ELF\2\1\1", 7);
	p[16] = 2;                      /* ET_EXEC */
	p[18] = 62;                     /* EM_X86_64 */
	put32(p + 32, 64);              /* e_phoff */
	p[54] = 56;                     /* e_phentsize */
	p[56] = 1;                      /* e_phnum */
	put32(p + 64, 4);               /* PT_NOTE */
	put32(p + 64 + 8, 128);         /* p_offset */
	put32(p + 64 + 32, 20);         /* p_filesz */
	put32(p + 128, 4);              /* namesz */
	put32(p + 132, 4);              /* descsz */
	put32(p + 136, type);
	memcpy(p + 140, "Xen", 4);
	return 148;
}

static void test_pvh(void)
{
	uint8_t p[256];
	size_t n;

	T_CHECK(vm_elf_pvh(p, elf(p, 18)));
	T_CHECK(!vm_elf_pvh(p, elf(p, 17)));   /* another Xen note */
	n = elf(p, 18);
	memcpy(p + 140, "Lin", 4);
	T_CHECK(!vm_elf_pvh(p, n));            /* not Xen's */
	n = elf(p, 18);
	T_CHECK(!vm_elf_pvh(p, 140));          /* the note cut off */
	p[56] = 200;                            /* headers beyond the file */
	T_CHECK(!vm_elf_pvh(p, n));
	elf(p, 18);
	p[18] = 3;                              /* i386 */
	T_CHECK(!vm_elf_pvh(p, n));
}

int main(void)
{
	test_lz4();
	test_lz4_bad();
	test_bzimage();
	test_pvh();
	T_DONE();
}
