/* vm_frame.c - the agent link's frames (see ovtsh/vm.h): pure encoding
 * and bounds-checked parsing, shared by the host and the guest side. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/vm.h"

static void vm_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t vm_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

void vm_frame_hdr(uint8_t hdr[VM_FR_HDR], uint8_t type, uint32_t id,
		  uint32_t len)
{
	memset(hdr, 0, VM_FR_HDR);
	hdr[0] = type;
	vm_put32(hdr + 4, id);
	vm_put32(hdr + 8, len);
}

static bool vm_frame_type_ok(uint8_t t)
{
	return t && strchr("PRXIOESF", t);
}

long vm_frame_parse(const uint8_t *buf, size_t n, struct vm_frame *f)
{
	uint32_t len;

	if (n < VM_FR_HDR)
		return 0;
	len = vm_get32(buf + 8);
	/* a bad header is never waited on: the stream is out of step */
	if (!vm_frame_type_ok(buf[0]) || buf[1] || buf[2] || buf[3] ||
	    len > VM_FR_MAX)
		return -EPROTO;
	if (n - VM_FR_HDR < len)
		return 0;
	f->type = buf[0];
	f->id = vm_get32(buf + 4);
	f->len = len;
	f->data = buf + VM_FR_HDR;
	return (long)(VM_FR_HDR + len);
}

long vm_frame_find(const uint8_t *buf, size_t n, uint8_t type, uint32_t id,
		   size_t *at, struct vm_frame *f)
{
	uint8_t head[VM_FR_HDR];
	size_t o;

	vm_frame_hdr(head, type, id, 0);
	for (o = 0; o + VM_FR_HDR <= n; o++) {
		long got;

		if (memcmp(buf + o, head, 8))    /* type, 0, 0, 0, id */
			continue;
		got = vm_frame_parse(buf + o, n - o, f);
		if (got < 0)
			continue;
		*at = o;
		return got;                       /* 0: its data is coming */
	}
	*at = n >= VM_FR_HDR ? n - (VM_FR_HDR - 1) : 0;
	return 0;
}

uint8_t *vm_frame_argv(char *const argv[], uint32_t *len)
{
	size_t n = 0, o = 0;
	uint8_t *p;

	for (int i = 0; argv[i]; i++)
		n += strlen(argv[i]) + 1;
	if (n == 0 || n > VM_FR_MAX)
		return NULL;
	p = malloc(n);
	if (!p)
		return NULL;
	for (int i = 0; argv[i]; i++) {
		size_t l = strlen(argv[i]) + 1;

		memcpy(p + o, argv[i], l);
		o += l;
	}
	*len = (uint32_t)n;
	return p;
}

int vm_frame_unargv(const uint8_t *p, uint32_t len, char *buf, size_t blen,
		    char **argv, int max)
{
	int n = 0;

	/* words end in NUL, the last one too; no empty list */
	if (len == 0 || len > blen || p[len - 1] != '\0')
		return -EPROTO;
	memcpy(buf, p, len);
	for (size_t o = 0; o < len; o += strlen(buf + o) + 1) {
		if (n >= max - 1)
			return -EPROTO;
		argv[n++] = buf + o;
	}
	argv[n] = NULL;
	return n;
}
