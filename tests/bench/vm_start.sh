#!/bin/bash
# vm_start.sh - time from "vm NAME" to its agent ready (the block's end
# starts the guest and returns once the guest's ovtsh answered), median
# of RUNS (default 5), with the peak RSS of the VM's qemu (VmHWM) and of
# the ovtsh process, beside the time to start a container the same way
# (container/image/exec true: created, started and running a program)
# in the same run.  Goal: a VM ready in under 3 s with software
# emulation (tcg) on this machine.
#
# Where a tcg boot goes (qemu CPU, this machine): qemu's start and
# firmware with the kernel loaded as a PVH ELF (~0.4 s; the bzImage's
# decompressor is skipped), the kernel's own boot to /init (~1.5 s, its
# SMP-alternatives patching and ACPI the largest parts), the virtio
# modules' insmod with ACPI's PCI link setup (~0.4 s), then ovtsh's first
# start as the agent (~0.4 s: the dynamic loader's work on its ~55
# libraries, translated by tcg for the first time).  Tunnel and bridge
# modules load on demand, not at boot.  The initramfs, the unpacked
# kernel and the KVM verdict are cached (one warm-up start, not timed,
# builds them when missing).  Beside the wall time, the CPU time qemu
# used until ready: on a shared machine the wall time swings with the
# load, the CPU time much less.
#
#   tests/bench/vm_start.sh [RUNS]
set -u
cd "$(dirname "$0")/../.."
OVTSH=${OVTSH:-$PWD/${OVTSH_BUILD:-build}/ovtsh}
RUNS=${1:-5}
export OVTSH_LAB=ovtvbench$$
V=ovtvb$$ C=ovtvbc$$
tmp=$(mktemp -d /tmp/ovtv-bench.XXXXXX)

cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
command -v qemu-system-x86_64 >/dev/null || { echo "no qemu"; exit 77; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)"; exit 77; }
ct=1
docker info >/dev/null 2>&1 && docker image inspect labbox >/dev/null 2>&1 ||
	ct=0

measure() {
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 ||
		{ cat "$tmp/out"; echo "bench: '$*' failed" >&2; exit 1; }
	read -r t m <"$tmp/time"
}
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

# warm-up: the initramfs cache and the KVM verdict
"$OVTSH" -c "vm $V" -c "exit" -c "no vm $V" >"$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; exit 1; }
accel=$(sed -n 's/.*accel auto: //p' "$tmp/out")

vt=() vm=() qm=() qc=() cts=() cm=()
for r in $(seq 1 "$RUNS"); do
	measure "$OVTSH" -c "vm $V" -c "exit"
	vt+=("$t") vm+=("$m")
	pid=$(cat "/run/ovtsh/vms/$V/qemu.pid")
	q=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
	# utime + stime (clock ticks) of qemu, all its threads
	c=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' \
		"/proc/$pid/stat")
	qm+=("$q") qc+=("$c")
	"$OVTSH" -c "no vm $V" >/dev/null || exit 1
	line="run $r: vm ${t}s (qemu CPU ${c}s, peak RSS ${q} KB)"
	if [ "$ct" = 1 ]; then
		measure "$OVTSH" -c "container $C" -c "image labbox" -c "exec true"
		cts+=("$t") cm+=("$m")
		"$OVTSH" -c "no container $C" >/dev/null || exit 1
		line="$line, container ${t}s"
	fi
	echo "$line"
done

v=$(median "${vt[@]}")
printf 'VM start to agent ready (tcg unless KVM answers: %s), median of %d runs\n' \
	"${accel:-as asked}" "$RUNS"
printf '  vm NAME -> ready   %6.2f s   qemu peak RSS %7d KB   ovtsh peak RSS %6d KB\n' \
	"$v" "$(median "${qm[@]}")" "$(median "${vm[@]}")"
printf '  qemu CPU to ready  %6.2f s\n' "$(median "${qc[@]}")"
if [ "$ct" = 1 ]; then
	c=$(median "${cts[@]}")
	printf '  container start    %6.2f s   ovtsh peak RSS %6d KB\n' "$c" \
		"$(median "${cm[@]}")"
	printf '  ratio vm/container %6.2fx\n' "$(echo "$v / $c" | bc -l)"
else
	echo "  container start: no Docker daemon or no labbox image"
fi
printf '  goal: < 3 s  -> %s\n' "$(echo "$v < 3" | bc -l | sed 's/1/met/; s/0/not met/')"
