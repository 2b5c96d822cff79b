#!/bin/bash
# trace_iperf_ebpf - every check of trace_iperf.sh under "method ebpf":
# read bytes within 1% of iperf3's received bytes, the filter, the JSON
# contract, repeat, placement.
OVTT_METHOD=ebpf exec "$(dirname "$0")/trace_iperf.sh"
