#!/bin/bash
# vm_plan.sh - VMs under a plan (--dry-run, the recap), for real:
#   - a dry run of a lab with a VM on an empty host starts no qemu and
#     makes no namespace; it lists the qemu start, the TAP with its NIC,
#     the host end's bridge and the guest's lines ("+ vm V: route ..."),
#     and enters an interface of a bridge the dry run would make;
#   - the real replay counts the VM's lines as changed (exit 2 with
#     --detailed-exitcode); a second one changes nothing (exit 0);
#   - a dry run on the running lab asks the guest's own ovtsh: its
#     lines read "= vm V: ip route add default via ...";
#   - a route removed in the guest behind ovtsh's back: the dry run shows
#     exactly that "+", the replay counts 1 changed and puts it back;
#   - "no vm V" in a dry run leaves the qemu running; clear lab counts
#     the VM and leaves no qemu, runtime file or namespace.
# One tcg boot; the boot bound is raised for this loaded machine.
set -u
. "$(dirname "$0")/lib/vm.sh"
: "${OVTSH:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
ls /boot/vmlinuz-*cloud* >/dev/null 2>&1 ||
	{ echo "no guest kernel (linux-image-cloud-amd64, make deps)"; exit 77; }
export OVTSH_LAB=ovvp$$ OVTSH_VM_BOOT_TIMEOUT=${OVTSH_VM_BOOT_TIMEOUT:-180}
H=vp$$h V=vp$$v
run=/run/ovtsh/vms
tmp=$(mktemp -d /tmp/ovvp.XXXXXX)
cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	vm_leftovers "$V"
	rm -rf "$tmp"
	ip netns del "$H" 2>/dev/null
}
trap cleanup EXIT
qemu_runs() { pgrep -f "guest=ovtsh:$OVTSH_LAB:$V( |$)" >/dev/null; }

cat >"$tmp/lab.script" <<EOF
hypervisor $H
 bridge br0
 interface br0
  ip address 10.62.0.1/24
vm $V
 memory 256
 connect eth1 hypervisor $H peer $V-h bridge br0 address 10.62.0.2/24
 route default via 10.62.0.1
 ip forwarding
EOF

# -- dry run on an empty host
"$OVTSH" -n --detailed-exitcode -f "$tmp/lab.script" >"$tmp/dry1" 2>"$tmp/err1"
rc=$?
[ $rc = 2 ] || fail "dry run: exit $rc, want 2: $(cat "$tmp/err1")"
qemu_runs && fail "the dry run started a qemu"
[ -e "/run/netns/$H" ] && fail "the dry run made $H"
[ -e "$run/$V" ] && fail "the dry run made $run/$V"
for want in "4: + ip -n $H addr add 10.62.0.1/24 dev br0" \
	"7: + qemu-system-x86_64 -name guest=ovtsh:$OVTSH_LAB:$V -m 256 -smp 1" \
	"7: + ip -n $H tuntap add dev $V-h mode tap  # and a virtio-net NIC eth1 in vm $V" \
	"7: + ip -n $H link set $V-h master br0" \
	"8: + vm $V: route default via 10.62.0.1" \
	"9: + vm $V: ip forwarding"; do
	grep -qF -- "lab.script:$want" "$tmp/dry1" ||
		fail "dry run misses '$want': $(cat "$tmp/dry1")"
done
grep -q '^dry run: 6 changed, 0 unchanged, 0 removed, 0 failed$' "$tmp/err1" ||
	fail "dry recap: $(cat "$tmp/err1")"
ok "dry run on an empty host: no qemu, no namespace; $(grep -c ': + ' "$tmp/dry1") '+' lines"

# -- the real replay, then again
"$OVTSH" --detailed-exitcode -f "$tmp/lab.script" >"$tmp/run1" 2>&1
rc=$?
[ $rc = 2 ] || fail "replay: exit $rc, want 2: $(cat "$tmp/run1")"
qemu_runs || fail "no qemu after the replay"
grep -q "^6 changed, 0 unchanged, 0 removed, 0 failed$" "$tmp/run1" ||
	fail "replay recap: $(cat "$tmp/run1")"
out=$("$OVTSH" -c "vm $V" -c "exec ip route show default" 2>&1)
grep -q "default via 10.62.0.1 dev eth1" <<<"$out" || fail "guest route: $out"
"$OVTSH" --detailed-exitcode -f "$tmp/lab.script" >"$tmp/run2" 2>&1
rc=$?
[ $rc = 0 ] || fail "second replay: exit $rc, want 0: $(cat "$tmp/run2")"
grep -q "^0 changed, 6 unchanged, 0 removed, 0 failed$" "$tmp/run2" ||
	fail "second replay recap: $(cat "$tmp/run2")"
ok "replay: 6 changed (exit 2); again: 0 changed, 6 unchanged (exit 0)"

# -- a dry run on the running lab: the guest's own plan
"$OVTSH" -n --detailed-exitcode -f "$tmp/lab.script" >"$tmp/dry2" 2>"$tmp/err2"
rc=$?
[ $rc = 0 ] || fail "dry run on the lab: exit $rc: $(cat "$tmp/err2")"
for want in "7: = ip -n $H tuntap add dev $V-h mode tap" \
	"8: = vm $V: ip route add default via 10.62.0.1" \
	"9: = vm $V: sysctl -w net.ipv4.ip_forward=1"; do
	grep -qF -- "lab.script:$want" "$tmp/dry2" ||
		fail "dry run on the lab misses '$want': $(cat "$tmp/dry2")"
done
grep -q ': [+~-] ' "$tmp/dry2" && fail "dry run on the lab: $(grep ': [+~-] ' "$tmp/dry2")"
ok "dry run on the running lab: the guest's lines from its own plan, all '='"

# -- behind ovtsh's back: the guest's default route goes
"$OVTSH" -c "vm $V" -c "exec ip route del default" >/dev/null 2>&1 ||
	fail "cannot remove the guest's route"
"$OVTSH" -n -f "$tmp/lab.script" >"$tmp/dry3" 2>&1
[ "$(grep -c ': [+~-] ' "$tmp/dry3")" = 1 ] &&
	grep -qF "lab.script:8: + vm $V: ip route add default via 10.62.0.1" "$tmp/dry3" ||
	fail "dry run after the route went: $(cat "$tmp/dry3")"
"$OVTSH" -f "$tmp/lab.script" >"$tmp/run3" 2>&1 || fail "repair: $(cat "$tmp/run3")"
grep -q "^1 changed, 5 unchanged, 0 removed, 0 failed$" "$tmp/run3" ||
	fail "repair recap: $(cat "$tmp/run3")"
out=$("$OVTSH" -c "vm $V" -c "exec ip route show default" 2>&1)
grep -q "default via 10.62.0.1 dev eth1" <<<"$out" || fail "route not repaired: $out"
ok "a guest route removed behind ovtsh's back: the dry run shows it, the replay repairs it (1 changed)"

# -- no vm, dry; then clear lab
out=$("$OVTSH" -n -c "no vm $V" 2>&1) || fail "dry no vm: $out"
grep -qF -- "- kill \$(cat $run/$V/qemu.pid)  # no vm $V" <<<"$out" ||
	fail "dry no vm: $out"
qemu_runs || fail "a dry 'no vm' stopped the qemu"
out=$("$OVTSH" -c "clear lab" 2>&1) || fail "clear lab: $out"
[ "$out" = "Removed 1 hypervisor, 1 VM" ] || fail "clear lab said: $out"
qemu_runs && fail "clear lab left the qemu"
[ -e "$run/$V" ] && fail "clear lab left $run/$V"
[ -e "/run/netns/$H" ] && fail "clear lab left $H"
ok "'no vm' in a dry run stops nothing; clear lab leaves no qemu, runtime file or namespace"
