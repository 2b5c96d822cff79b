/* vm.h - VM nodes: qemu guests driven through the guest's own ovtsh.
 *
 * A VM is a qemu process that runs detached, tagged with the lab, its
 * state in a runtime directory VM_RUN_DIR/NAME/ (0700): "lab" (the
 * owner), "conf" (the settings and what the start chose), "qemu.pid",
 * the agent's and QMP's unix sockets and the serial console's log.  The
 * guest boots the host's kernel image of choice with an initramfs that
 * ovtsh assembles from the host's own files (busybox, iperf3, ovtsh and
 * the libraries ldd names, the kernel modules) and caches by kernel
 * version and ovtsh binary.  The guest's init runs "ovtsh --agent": it
 * runs programs on request and returns their output and status over a
 * virtio-serial port (the frames below).  VM names are host-wide, as
 * Docker's container names: one of another lab is never touched.
 */
#ifndef OVTSH_VM_H
#define OVTSH_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ovtsh/err.h"
#include "ovtsh/lab.h"
#include "ovtsh/node.h"

#define VM_RUN_DIR     "/run/ovtsh/vms"
#define VM_CACHE_DIR   "/var/cache/ovtsh"   /* $OVTSH_CACHE_DIR overrides */
#define VM_MEM_DEF     256                  /* MB */
#define VM_MEM_MIN     128
#define VM_MEM_MAX     16384
#define VM_CPUS_DEF    1
#define VM_CPUS_MAX    16
#define VM_AGENT_PORT  "ovtsh.agent"        /* the virtio-serial port */

enum vm_accel { VM_ACCEL_AUTO = 0, VM_ACCEL_KVM, VM_ACCEL_TCG };

/* What a VM is asked to be. */
struct vm_conf {
	unsigned memory;          /* MB */
	unsigned cpus;
	enum vm_accel accel;      /* as asked: auto, kvm or tcg */
	char kernel[256];         /* "" = the default kernel */
};

/* A VM as read back from its runtime directory and its process. */
struct vm_info {
	char name[NODE_NAME_MAX];
	char lab[LAB_NAME_MAX + 1];
	struct vm_conf conf;
	enum vm_accel accel_used; /* kvm or tcg, what the start chose */
	char kernel_used[256];    /* the kernel image it booted */
	bool running;             /* its qemu is alive */
	pid_t pid;                /* qemu's, 0 when not running */
	time_t started;           /* wall clock of the start */
	unsigned boot_ms;         /* start to agent ready */
};

/* The node kind (vm_kind.c). */
extern const struct node_kind vm_kind;

void vm_conf_default(struct vm_conf *c);
const char *vm_accel_name(enum vm_accel a);
/* "auto", "kvm", "tcg" -> value; -1 for anything else. */
int vm_accel_parse(const char *s);

/* The VM named name (any lab): 0 with vi filled, -ENOENT when there is
 * none. */
int vm_inspect(const char *name, struct vm_info *vi, struct ovt_err *e);
/* 0 when the VM exists and is this lab's; -ENOENT, or -EEXIST with why
 * when it is another lab's. */
int vm_lab_check(const char *name, struct ovt_err *e);
/* The VMs of lab, sorted by name (free()). */
int vm_list_lab(const char *lab, struct vm_info **v, int *n,
		struct ovt_err *e);
/* Start the VM (new, or stopped) with conf and wait until its agent
 * answers (bounded: $OVTSH_VM_BOOT_TIMEOUT seconds, default 120); on
 * any failure qemu is killed and nothing is left.  note gets what the
 * start chose that the caller should say ("accel auto: KVM does not
 * answer, using tcg"), "" when nothing. */
int vm_start(const char *name, const struct vm_conf *conf,
	     struct vm_info *vi, char *note, size_t notelen,
	     struct ovt_err *e);
/* Stop the VM's qemu and remove its runtime directory. */
int vm_remove(const char *name, struct ovt_err *e);

/* Run argv in the running VM by its agent: stdout/stderr to out_fd and
 * err_fd, the wait status in *status; Ctrl-C is forwarded (a second one
 * kills).  -errno when the agent could not run it (the message says
 * why: no such program, agent gone...). */
int vm_exec(const char *name, char *const argv[], int out_fd, int err_fd,
	    int *status, bool *interrupted, struct ovt_err *e);

/* A link from node n to the running VM: a TAP named ifname in n's
 * namespace, a virtio-net NIC hot-plugged into the guest (QMP), renamed
 * there to guest_if, with guest_addr ("A.B.C.D/M" or NULL) and in the
 * guest's bridge guest_br (or NULL), up.  host_side(arg) readies the
 * TAP (tag, bridge, address, up) once it exists and before the guest's
 * NIC comes up, so the guest's gratuitous ARP reaches the segment and
 * its neighbours forget the MAC of a NIC this one replaces.  On failure
 * nothing is left (the TAP goes with qemu's fd). */
int vm_nic_add(const char *name, const struct node *n, const char *ifname,
	       const char *guest_if, const char *guest_addr,
	       const char *guest_br,
	       int (*host_side)(void *arg, struct ovt_err *e), void *arg,
	       struct ovt_err *e);

/* A link of a running VM, as vm_nic_add() made it. */
struct vm_nic {
	char kind[16];            /* the other node's kind: "hypervisor" ... */
	char node[NODE_NAME_MAX]; /* its name ("host": the host) */
	char ifname[16];          /* the TAP there */
	char guest_if[16];        /* the NIC in the guest */
	char id[16];              /* its device id in qemu */
};
/* The VM's links (free()); none for a stopped VM (they went with it). */
int vm_nics(const char *name, struct vm_nic **v, int *n, struct ovt_err *e);
/* The guest's own running-config (its ovtsh's "show running-config"),
 * malloc'ed text. */
int vm_guest_runconf(const char *name, char **text, struct ovt_err *e);
/* The guest's IPv4 forwarding (its ovtsh writes no "ip forwarding" for
 * its own host namespace: that is a host's sysctl). */
int vm_guest_forwarding(const char *name, bool *on, struct ovt_err *e);

/* The guest side: serve requests on the virtio-serial port named port
 * until it fails; returns the exit status for main(). */
int vm_agent_main(const char *port);

/* The initramfs for kernel release kver, built and cached when missing:
 * its path in path. */
int vm_initrd(const char *kver, char *path, size_t len, struct ovt_err *e);
/* What qemu's -kernel boots for the bzImage kernel: its payload
 * unpacked into an ELF with a PVH entry, cached (no decompressor, no
 * real-mode setup under emulation), or the bzImage itself when its
 * payload is not LZ4 or has no PVH note.  -errno only when the cache
 * directory is unusable. */
int vm_kernel_boot(const char *kernel, char *path, size_t len,
		   struct ovt_err *e);
/* The payload of a bzImage (boot protocol 2.08+): its offset and length
 * in img; -EINVAL when img is no bzImage. */
int vm_bzimage_payload(const uint8_t *img, size_t n, size_t *off,
		       size_t *len);
/* An LZ4 legacy frame (magic 0x184C2102, blocks of a 32-bit length and
 * an LZ4 block) of n bytes unpacked into a malloc'ed *out of exactly
 * size bytes: 0, -EINVAL (malformed, or not size bytes), -ENOMEM. */
int vm_lz4_legacy(const uint8_t *in, size_t n, size_t size, uint8_t **out);
/* Is p an x86-64 ELF with Xen's PVH entry note (qemu boots it as is)? */
bool vm_elf_pvh(const uint8_t *p, size_t n);
/* The default kernel: the newest /boot/vmlinuz-* whose modules have
 * what a lab guest needs (virtio_net, virtio_console, ip_gre, vxlan). */
int vm_kernel_default(char *path, size_t len, struct ovt_err *e);

/* ---- the agent's frames: a 12-byte header (type, 3 zero bytes, id,
 * payload length, little-endian) and the payload ---- */
enum vm_frame_type {
	VM_FR_PING = 'P',         /* host: are you there? */
	VM_FR_READY = 'R',        /* agent: yes; payload: its uname -r */
	VM_FR_EXEC = 'X',         /* host: run argv (NUL-separated words) */
	VM_FR_INTR = 'I',         /* host: Ctrl-C (a second: kill) */
	VM_FR_OUT = 'O',          /* agent: stdout bytes */
	VM_FR_ERR = 'E',          /* agent: stderr bytes */
	VM_FR_STATUS = 'S',       /* agent: 4 bytes, the wait status */
	VM_FR_FAIL = 'F',         /* agent: 4 bytes errno + message */
};
#define VM_FR_HDR   12
#define VM_FR_MAX   65536         /* largest payload */

struct vm_frame {
	uint8_t type;
	uint32_t id;
	uint32_t len;
	const uint8_t *data;      /* points into the buffer parsed */
};

/* Encode a header for type/id/len into hdr. */
void vm_frame_hdr(uint8_t hdr[VM_FR_HDR], uint8_t type, uint32_t id,
		  uint32_t len);
/* Parse one frame from buf (n bytes): its total size when complete (f
 * filled), 0 when more bytes are needed, -EPROTO for a bad header. */
long vm_frame_parse(const uint8_t *buf, size_t n, struct vm_frame *f);
/* Search buf[0..n) for the frame of this type and id, wherever it
 * starts (bytes before it are an earlier session's leftovers): its size
 * (> 0) with *at its offset and f filled; 0 when it is not complete yet,
 * *at then the first byte worth keeping (its start, or the last bytes
 * that may begin it). */
long vm_frame_find(const uint8_t *buf, size_t n, uint8_t type, uint32_t id,
		   size_t *at, struct vm_frame *f);
/* argv as an exec payload (malloc'ed, *len set); NULL: out of memory or
 * too long. */
uint8_t *vm_frame_argv(char *const argv[], uint32_t *len);
/* An exec payload back into argv (at most max-1 words, NULL-ended, the
 * words copied into buf); the count, or -EPROTO. */
int vm_frame_unargv(const uint8_t *p, uint32_t len, char *buf, size_t blen,
		    char **argv, int max);

#endif
