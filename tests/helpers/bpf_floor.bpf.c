// SPDX-License-Identifier: GPL-2.0
/* bpf_floor.bpf.c - the floor of a syscall tracer on this kernel: empty
 * programs on the same BTF tracepoints as the eBPF trace method
 * (src/trace/bpf/syscount.bpf.c), for tests/bench/trace_ebpf.sh. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tp_btf/sys_enter")
int floor_enter(void *ctx)
{
	(void)ctx;
	return 0;
}

SEC("tp_btf/sys_exit")
int floor_exit(void *ctx)
{
	(void)ctx;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
