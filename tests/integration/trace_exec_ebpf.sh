#!/bin/bash
# trace_exec_ebpf - every check of trace_exec.sh under "method ebpf": the
# same programs give exactly the same counts counted in the kernel.
OVTT_METHOD=ebpf exec "$(dirname "$0")/trace_exec.sh"
