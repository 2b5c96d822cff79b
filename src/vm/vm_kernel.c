/* vm_kernel.c - the guest kernel as qemu boots it fastest (see
 * ovtsh/vm.h).
 *
 * A bzImage boots through its real-mode setup and its decompressor,
 * which under software emulation inflates ~50 MB of kernel before the
 * kernel's first line (~0.3 s of qemu's CPU here).  A kernel built with
 * CONFIG_PVH is also an ELF with a PVH entry note, which qemu loads
 * directly: ovtsh unpacks the bzImage's payload once (Debian's cloud
 * kernel: LZ4, the legacy frame the kernel's own build writes), checks
 * the note and caches the ELF beside the initramfs.  Any other kernel
 * (another compression, no PVH note) boots as the bzImage it is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/safefile.h"
#include "vm_int.h"

#define VM_LZ4_MAGIC 0x184C2102u   /* the legacy frame's magic */
#define VM_LZ4_BLOCK (8u << 20)    /* its blocks' largest output */

static uint32_t vm_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A length's extension bytes (each adds, 255 says more follow). */
static int vm_lz4_len(const uint8_t *in, size_t n, size_t *i, size_t *len)
{
	unsigned b;

	do {
		if (*i >= n)
			return -EINVAL;
		*len += b = in[(*i)++];
	} while (b == 255);
	return 0;
}

/* One LZ4 block of n bytes into out[*o..cap), bounds checked. */
static int vm_lz4_block(const uint8_t *in, size_t n, uint8_t *out,
			size_t cap, size_t *o)
{
	size_t i = 0;

	while (i < n) {
		unsigned tok = in[i++];
		size_t lit = tok >> 4, mlen = tok & 15, off;

		if (lit == 15 && vm_lz4_len(in, n, &i, &lit) < 0)
			return -EINVAL;
		if (lit > n - i || lit > cap - *o)
			return -EINVAL;
		memcpy(out + *o, in + i, lit);
		*o += lit;
		i += lit;
		if (i == n)             /* the last sequence has no match */
			return 0;
		if (n - i < 2)
			return -EINVAL;
		off = (size_t)in[i] | (size_t)in[i + 1] << 8;
		i += 2;
		if (mlen == 15 && vm_lz4_len(in, n, &i, &mlen) < 0)
			return -EINVAL;
		mlen += 4;
		if (off == 0 || off > *o || mlen > cap - *o)
			return -EINVAL;
		/* byte by byte: the match may overlap what it writes */
		for (size_t k = 0; k < mlen; k++, (*o)++)
			out[*o] = out[*o - off];
	}
	return -EINVAL;                 /* a block ends with literals */
}

int vm_lz4_legacy(const uint8_t *in, size_t n, size_t size, uint8_t **out)
{
	uint8_t *buf;
	size_t i = 4, o = 0;
	int r = 0;

	*out = NULL;
	if (n < 4 || vm_le32(in) != VM_LZ4_MAGIC || size == 0 ||
	    size > (1u << 30))
		return -EINVAL;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	while (r == 0 && o < size) {
		uint32_t bn;

		if (n - i < 4) {
			r = -EINVAL;
			break;
		}
		bn = vm_le32(in + i);
		i += 4;
		if (bn == VM_LZ4_MAGIC)       /* a concatenated frame */
			continue;
		if (bn > n - i) {
			r = -EINVAL;
			break;
		}
		r = vm_lz4_block(in + i, bn, buf, size, &o);
		i += bn;
	}
	if (r < 0) {
		free(buf);
		return r;
	}
	*out = buf;
	return 0;
}

int vm_bzimage_payload(const uint8_t *img, size_t n, size_t *off,
		       size_t *len)
{
	size_t setup, po, pl;

	/* the boot protocol's header: "HdrS", version 2.08 or later */
	if (n < 0x250 || memcmp(img + 0x202, "HdrS", 4) ||
	    (img[0x206] | img[0x207] << 8) < 0x208)
		return -EINVAL;
	setup = ((size_t)(img[0x1f1] ? img[0x1f1] : 4) + 1) * 512;
	po = vm_le32(img + 0x248);
	pl = vm_le32(img + 0x24c);
	if (setup > n || po > n - setup || pl > n - setup - po || pl < 8)
		return -EINVAL;
	*off = setup + po;
	*len = pl;
	return 0;
}

/* Xen's note that names the PVH entry point (XEN_ELFNOTE_PHYS32_ENTRY). */
#define VM_PVH_NOTE 18

bool vm_elf_pvh(const uint8_t *p, size_t n)
{
	size_t phoff, phnum, phes;

	/* ELF64, little-endian, x86-64, executable */
	if (n < 64 || memcmp(p, "\177ELF\2\1", 6) ||
	    (p[16] | p[17] << 8) != 2 || (p[18] | p[19] << 8) != 62)
		return false;
	phoff = vm_le32(p + 32);
	if (vm_le32(p + 36))
		return false;
	phes = (size_t)(p[54] | p[55] << 8);
	phnum = (size_t)(p[56] | p[57] << 8);
	if (phes < 56 || phoff > n || phnum > (n - phoff) / phes)
		return false;
	for (size_t k = 0; k < phnum; k++) {
		const uint8_t *ph = p + phoff + k * phes;
		size_t o, sz;

		if (vm_le32(ph) != 4 || vm_le32(ph + 12) || vm_le32(ph + 36))
			continue;               /* PT_NOTE, 32-bit offsets */
		o = vm_le32(ph + 8);
		sz = vm_le32(ph + 32);
		if (o > n || sz > n - o)
			continue;
		for (size_t q = 0; sz - q >= 12;) {
			size_t nl = vm_le32(p + o + q), dl = vm_le32(p + o + q + 4);
			uint32_t type = vm_le32(p + o + q + 8);
			size_t step = 12 + ((nl + 3) & ~(size_t)3) +
				      ((dl + 3) & ~(size_t)3);

			if (nl > sz || dl > sz || step > sz - q)
				break;
			if (type == VM_PVH_NOTE && nl == 4 &&
			    !memcmp(p + o + q + 12, "Xen", 4))
				return true;
			q += step;
		}
	}
	return false;
}

/* ---- the cache ---- */

/* The unpacked ELF of the bzImage img (n bytes) into path, or -errno. */
static int vm_kernel_unpack(const uint8_t *img, size_t n, const char *path,
			    struct ovt_err *e)
{
	size_t off, len;
	uint8_t *elf = NULL;
	struct sfile f;
	int r;

	if (vm_bzimage_payload(img, n, &off, &len) < 0 ||
	    len < 8 || vm_le32(img + off) != VM_LZ4_MAGIC)
		return -ENOTSUP;
	/* the build appends the unpacked size after the frame */
	r = vm_lz4_legacy(img + off, len - 4, vm_le32(img + off + len - 4),
			  &elf);
	if (r < 0)
		return r;
	if (!vm_elf_pvh(elf, vm_le32(img + off + len - 4))) {
		free(elf);
		return -ENOTSUP;
	}
	r = sfile_open(&f, path, 0600, e);
	if (r == 0) {
		fwrite(elf, 1, vm_le32(img + off + len - 4), f.fp);
		r = sfile_commit(&f, e);
	}
	free(elf);
	return r;
}

/* The ELFs of earlier images of the same name (an upgraded package). */
static void vm_kernel_prune(const char *dir, const char *image,
			    const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t il = strlen(image);

	while (d && (de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (!strncmp(de->d_name, image, il) && de->d_name[il] == '-' &&
		    l > 4 && !strcmp(de->d_name + l - 4, ".elf") &&
		    strcmp(de->d_name, keep))
			unlinkat(dirfd(d), de->d_name, 0);
	}
	if (d)
		closedir(d);
}

int vm_kernel_boot(const char *kernel, char *path, size_t len,
		   struct ovt_err *e)
{
	const char *d = getenv("OVTSH_CACHE_DIR"), *b = strrchr(kernel, '/');
	char dir[256];
	struct stat st, cs;
	uint8_t *img;
	int fd, r;

	/* the bzImage unless an ELF is (or can be) cached for it */
	snprintf(path, len, "%s", kernel);
	snprintf(dir, sizeof(dir), "%s", d && *d ? d : VM_CACHE_DIR);
	if ((r = vm_dir_make(dir, e)) < 0)
		return r;
	fd = open(kernel, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return 0;               /* the start says what is wrong */
	}
	/* keyed by the image's name, size and mtime: a new package's
	 * kernel of the same release gets a new one */
	if (snprintf(path, len, "%s/%s-%llx-%llx.elf", dir, b ? b + 1 : kernel,
		     (unsigned long long)st.st_size,
		     (unsigned long long)st.st_mtime) >= (int)len) {
		close(fd);
		snprintf(path, len, "%s", kernel);
		return 0;
	}
	if (lstat(path, &cs) == 0 && S_ISREG(cs.st_mode) &&
	    cs.st_uid == geteuid() && cs.st_size > 0) {
		close(fd);
		return 0;
	}
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	r = img == MAP_FAILED ? -errno :
	    vm_kernel_unpack(img, (size_t)st.st_size, path, e);
	if (img != MAP_FAILED)
		munmap(img, (size_t)st.st_size);
	if (r < 0)
		snprintf(path, len, "%s", kernel);
	else
		vm_kernel_prune(dir, b ? b + 1 : kernel, strrchr(path, '/') + 1);
	/* a kernel ovtsh cannot unpack boots as it is: no error */
	return 0;
}
