#!/bin/bash
# trace_container_ebpf - trace_container.sh under "method ebpf": a server
# and a program in a Docker container's namespace, counted in the kernel.
OVTT_METHOD=ebpf exec "$(dirname "$0")/trace_container.sh"
