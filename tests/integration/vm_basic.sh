#!/bin/bash
# vm_basic.sh - a VM node for real: "vm NAME" boots Debian's cloud kernel
# under qemu (software emulation here: KVM hangs on this machine, auto
# must fall back and say so) with the initramfs ovtsh assembles, and the
# guest's own ovtsh answers as its agent:
#   exec in the guest (uname -r is the guest kernel's, memory as set,
#   stdout/stderr apart, a failing status fails the line, Ctrl-C goes
#   to the program in the guest and stops the replay), show vms in
#   text and JSON, reuse without a second qemu, settings that differ from
#   a running VM refused, another lab's VM untouched, a qemu killed
#   behind ovtsh's back shown as stopped and started again by its block,
#   faults that leave nothing (no qemu binary, an agent that does not
#   answer in time), "no vm" and "clear lab" leaving no qemu process and
#   no runtime file.
# Boots take a few seconds each under tcg; on this shared, loaded machine
# the boot bound is raised to OVTSH_VM_BOOT_TIMEOUT=180 s (still bounded).
# Skips (77) only when qemu or a guest kernel is missing.
set -u
. "$(dirname "$0")/lib/vm.sh"
: "${OVTSH:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
. "$(dirname "$0")/lib/intr.sh"
log=$(mktemp /tmp/ovvm-intr.XXXXXX)
export OVTSH_LAB=ovvm$$ OVTSH_VM_BOOT_TIMEOUT=${OVTSH_VM_BOOT_TIMEOUT:-180}
V=ovvm$$a
W=ovvm$$b
run=/run/ovtsh/vms

command -v qemu-system-x86_64 >/dev/null ||
	{ echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
ls /boot/vmlinuz-*cloud* >/dev/null 2>&1 ||
	{ echo "no guest kernel (linux-image-cloud-amd64, make deps)"; exit 77; }

qpid() { cat "$run/$1/qemu.pid" 2>/dev/null; }
cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	vm_leftovers "$V" "$W"
	OVTSH_LAB=ovvm$$x "$OVTSH" -c "clear lab" >/dev/null 2>&1
	[ -n "${intr_pid:-}" ] && kill -9 "$intr_pid" 2>/dev/null
	rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# nothing of the VM left: no directory, no qemu with its tag
gone() {
	[ ! -e "$run/$1" ] || fail "$2: $run/$1 left: $(ls "$run/$1")"
	pgrep -f "guest=ovtsh:$OVTSH_LAB:$1( |$)" >/dev/null &&
		fail "$2: a qemu of $1 is left"
	return 0
}

kver=$(ls /boot/vmlinuz-* | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
t0=$(date +%s.%N)
out=$("$OVTSH" -c "vm $V" -c "memory 192" -c "exec uname -r" \
	-c "exec sh -c 'grep MemTotal /proc/meminfo; echo to-stderr >&2'" 2>&1) ||
	fail "vm $V: $out"
secs=$(echo "$(date +%s.%N) - $t0" | bc)
echo "$out"
grep -qx "$kver" <<<"$out" || fail "uname -r in the guest is not $kver"
[ "$(uname -r)" != "$kver" ] || fail "the host runs $kver too: no proof"
mem=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' <<<"$out")
[ -n "$mem" ] && [ "$mem" -gt 100000 ] && [ "$mem" -le 196608 ] ||
	fail "guest memory $mem kB, not about 192 MB"
grep -qx "to-stderr" <<<"$out" || fail "stderr lost"
grep -q "accel auto: .*using tcg\|accel auto: using kvm" <<<"$out" ||
	fail "accel auto did not say what it chose"
ok "vm $V booted ($secs s), exec uname -r = $kver, memory $mem kB"

p1=$(qpid "$V")
[ -n "$p1" ] && grep -qa "guest=ovtsh:$OVTSH_LAB:$V" "/proc/$p1/cmdline" ||
	fail "no tagged qemu for $V"
out=$("$OVTSH" -c "show vms" 2>&1) || fail "show vms: $out"
echo "$out"
grep -Eq "^$V +running +(tcg|kvm) +192M +1 +$p1 " <<<"$out" ||
	fail "show vms: no running $V with 192M, 1 cpu, pid $p1"
j=$("$OVTSH" -c "show vms json" 2>&1) || fail "show vms json: $j"
[ "$(jq -r ".vms[] | select(.name == \"$V\") | \"\(.state) \(.memory_mb) \(.cpus) \(.pid)\"" <<<"$j")" = "running 192 1 $p1" ] ||
	fail "show vms json: $j"
jq -e ".vms[0].boot_s > 0 and (.vms[0].interfaces | length) == 0" <<<"$j" >/dev/null ||
	fail "show vms json: boot_s/interfaces: $j"
ok "show vms: running, 192M, pid $p1 (text and JSON)"

# The fast boot: qemu boots the bzImage's payload unpacked into a cached
# ELF with its PVH entry (Debian's cloud kernel: LZ4, CONFIG_PVH), and
# the guest's modules beyond virtio load only when a command needs them:
# a bridge, a vxlan and a GRE tunnel made by the guest's ovtsh, a veth
# pair, /dev/net/tun opened.
kpath=$(tr '\0' '\n' <"/proc/$p1/cmdline" | sed -n '/^-kernel$/{n;p}')
case "$kpath" in
*/vmlinuz-"$kver"-*.elf) ;;
*) fail "qemu boots '$kpath', not the unpacked ELF of vmlinuz-$kver" ;;
esac
[ "$(head -c 4 "$kpath" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ||
	fail "$kpath is no ELF"
mods() { "$OVTSH" -c "vm $V" -c "exec cut -d' ' -f1 /proc/modules" 2>&1; }
m=$(mods)
grep -qx virtio_net <<<"$m" && grep -qx virtio_console <<<"$m" ||
	fail "virtio modules not loaded at boot: $m"
for x in bridge veth vxlan ip_gre tun; do
	grep -qx "$x" <<<"$m" && fail "$x loaded at boot (it loads on demand)"
done
out=$("$OVTSH" -c "vm $V" -c "exec ovtsh --lab g$$ -c 'hypervisor ga' \
-c ' bridge br9' -c exit -c 'hypervisor gb' \
-c 'connect ab hypervisor ga peer ba address 10.9.0.2/24' -c exit \
-c 'tunnel vx9' -c ' type vxlan' -c ' vni 9' -c ' dstport 4789' \
-c ' endpoint hypervisor ga local 10.9.0.1 remote 10.9.0.2 dev ba bridge br9' \
-c exit -c 'tunnel gr9' -c ' type gre' \
-c ' endpoint hypervisor ga local 10.9.0.1 remote 10.9.0.2 dev ba' -c exit \
-c 'hypervisor ga' -c 'show interfaces'" \
	-c "exec sh -c 'exec 3<>/dev/net/tun'" 2>&1) ||
	fail "tunnels in the guest: $out"
echo "$out"
for l in "^br9 +bridge +up" "^ba +veth +up" "^vx9 +vxlan +up .* br9 " \
	 "^gr9 +gre +up"; do
	grep -Eq "$l" <<<"$out" || fail "the guest lacks '$l': $out"
done
m=$(mods)
for x in bridge veth vxlan ip_gre gre ip_tunnel tun; do
	grep -qx "$x" <<<"$m" || fail "$x not loaded on demand: $m"
done
ok "booted $kpath; bridge, veth, vxlan, ip_gre, tun loaded on demand"

# exec's status fails the line and the replay; the program's own errors
out=$("$OVTSH" -c "vm $V" -c "exec sh -c 'exit 3'" -c "echo after" 2>&1)
[ $? -ne 0 ] || fail "exit 3 passed"
grep -q "exec: 'sh' exited with status 3" <<<"$out" || fail "status: $out"
grep -q after <<<"$out" && fail "the replay went on: $out"
out=$("$OVTSH" -c "vm $V" -c "exec ovvm-no-such-program" 2>&1)
grep -q "exec: ovvm-no-such-program: No such file or directory" <<<"$out" ||
	fail "missing program: $out"
ok "exec: status 3 and a missing program fail the line"

# Ctrl-C: forwarded to the program in the guest (ping prints its
# statistics), the line says so, the replay stops, nothing runs on
intr_replay "$log" "seq=2 " -c "vm $V" -c "exec ping 127.0.0.1" \
	-c "echo after-exec"
cat "$log"
[ "$intr_rc" -eq 1 ] || fail "exit status $intr_rc, want 1"
grep -q "packets transmitted" "$log" || fail "ping printed no statistics"
grep -q "exec: 'ping' interrupted" "$log" || fail "no 'interrupted' message"
grep -q "after-exec" "$log" && fail "the script went on"
out=$("$OVTSH" -c "vm $V" -c "exec ps" 2>&1) || fail "ps: $out"
grep -q "ping 127.0.0.1" <<<"$out" && fail "ping still runs in the guest: $out"
ok "Ctrl-C reached ping in the guest: $(grep transmitted "$log")"

# reuse: the same qemu; a setting that differs is refused, one that
# matches is fine
out=$("$OVTSH" -c "vm $V" -c "memory 192" -c "cpus 1" -c "exit" 2>&1) ||
	fail "matching settings: $out"
[ "$(qpid "$V")" = "$p1" ] || fail "a second qemu was started"
out=$("$OVTSH" -c "vm $V" -c "memory 512" 2>&1)
grep -q "vm '$V' runs with memory 192 MB" <<<"$out" || fail "memory 512: $out"
ok "reused: same pid; memory 512 on it refused"

# another lab's VM is not touched
out=$(OVTSH_LAB=ovvm$$x "$OVTSH" -c "no vm $V" 2>&1)
grep -q "vm '$V' belongs to lab '$OVTSH_LAB'" <<<"$out" || fail "other lab: $out"
[ "$(qpid "$V")" = "$p1" ] || fail "another lab's 'no vm' touched it"
ok "another lab: refused"

# qemu killed behind ovtsh's back: stopped, then started again
kill -9 "$p1"
for _ in $(seq 50); do kill -0 "$p1" 2>/dev/null || break; sleep 0.1; done
out=$("$OVTSH" -c "show vms" 2>&1)
grep -Eq "^$V +stopped " <<<"$out" || fail "killed qemu not stopped: $out"
out=$("$OVTSH" -c "vm $V" -c "exit" -c "vm $V" -c "exec cat /proc/meminfo" 2>&1) ||
	fail "restart: $out"
p2=$(qpid "$V")
[ -n "$p2" ] && [ "$p2" != "$p1" ] || fail "not restarted"
grep -q "MemTotal: *1[0-9][0-9][0-9][0-9][0-9] kB" <<<"$out" ||
	fail "restarted without its memory 192: $out"
ok "killed qemu: stopped, restarted by its block with its settings (pid $p2)"

# qemu killed mid-command: the line fails at once, saying so
"$OVTSH" -c "vm $V" -c "exec sleep 60" >"$log" 2>&1 &
bg=$!
for _ in $(seq 100); do pgrep -f "guest=ovtsh:$OVTSH_LAB:$V( |$)" >/dev/null && break; sleep 0.1; done
sleep 2
kill -9 "$(qpid "$V")"
timeout 10 tail --pid="$bg" -f /dev/null || fail "exec still waits 10 s after its qemu died"
wait "$bg" && fail "exec passed with its qemu killed"
grep -q "the VM stopped during the command" "$log" || fail "qemu killed: $(cat "$log")"
ok "qemu killed mid-command: $(cat "$log")"

# faults: no qemu, an agent that does not answer in time: nothing left
out=$(OVTSH_QEMU=/nonexistent/qemu "$OVTSH" -c "vm $W" -c "accel tcg" -c "exit" 2>&1)
grep -q "cannot run /nonexistent/qemu: not installed" <<<"$out" ||
	fail "no qemu: $out"
gone "$W" "no qemu"
out=$(OVTSH_VM_BOOT_TIMEOUT=0.3 "$OVTSH" -c "vm $W" -c "accel tcg" -c "exit" 2>&1)
grep -q "vm '$W': the guest's agent did not answer within 0.3 s" <<<"$out" ||
	fail "agent timeout: $out"
gone "$W" "agent timeout"
out=$("$OVTSH" -c "vm $W" -c "kernel /nonexistent/vmlinuz-0" -c "exit" 2>&1)
grep -q "kernel /nonexistent/vmlinuz-0: No such file or directory" <<<"$out" ||
	fail "bad kernel: $out"
gone "$W" "bad kernel"
# accel kvm where KVM hangs (the probe's verdict says so): refused, with
# the way out; nothing left
if [ "$(cat /run/ovtsh/kvm-probe 2>/dev/null)" != ok ]; then
	out=$("$OVTSH" -c "vm $W" -c "accel kvm" -c "exit" 2>&1)
	grep -q "accel kvm: .*(use 'accel auto' or 'accel tcg')" <<<"$out" ||
		fail "accel kvm without KVM: $out"
	gone "$W" "accel kvm"
fi
ok "no qemu, agent timeout, bad kernel, accel kvm without KVM: one error each, nothing left"

# no vm, clear lab: nothing left
out=$("$OVTSH" -c "no vm $V" 2>&1) || fail "no vm: $out"
gone "$V" "no vm"
kill -0 "$p2" 2>/dev/null && fail "qemu $p2 still runs after no vm"
out=$("$OVTSH" -c "vm $V" -c "accel tcg" -c "exit" -c "show vms" 2>&1) ||
	fail "vm again: $out"
p3=$(qpid "$V")
out=$("$OVTSH" -c "clear lab" 2>&1) || fail "clear lab: $out"
gone "$V" "clear lab"
kill -0 "$p3" 2>/dev/null && fail "qemu $p3 still runs after clear lab"
out=$("$OVTSH" -c "show vms json" 2>&1)
[ "$(jq '.vms | length' <<<"$out")" = 0 ] || fail "show vms after clear: $out"
ok "no vm and clear lab: no qemu, no runtime file"
