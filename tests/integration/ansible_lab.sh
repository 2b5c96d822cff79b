#!/bin/bash
# ansible_lab.sh - contrib/ansible's module and example playbook under
# Debian's ansible-core (ansible-playbook -c local), against the real
# kernel and dockerd, on a copy with this test's node names:
#   - check mode on an empty host: changed, nothing made (ip netns,
#     docker ps -a), the planned commands in --diff;
#   - first run changed=1, the lab is there; second run changed=0;
#   - a customer container removed behind its back: check mode says
#     changed=1 and changes nothing; a run repairs it, the next is ok.
set -u
. "$(dirname "$0")/docker_lib.bash"
command -v ansible-playbook >/dev/null ||
	skip "ansible-playbook not installed (make deps installs ansible-core)"
docker_need
export OVTSH_LAB=ovtda$$
TOP=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OVTSH=$(cd "$(dirname "$OVTSH")" && pwd)/$(basename "$OVTSH")
P=a$(($$ % 100000))
tmp=$(mktemp -d /tmp/ovtda.XXXXXX)
trap lab2_copy_cleanup EXIT
re='ns1|ns2|lc1|lc2|sc1|sc2|cs2|cs3|cs5|cs6'
for f in reference-lab.yml reference-lab.script customers.csv; do
	sed -E "s/\b($re)\b/$P\1/g" "$TOP/contrib/ansible/$f" >"$tmp/$f" ||
		fail "cannot copy $f"
done
grep -Eq "(hypervisor|container) ($re)\b" "$tmp/reference-lab.script" &&
	fail "a node name of the playbook's script was not renamed"
export ANSIBLE_LIBRARY=$TOP/contrib/ansible/library
export ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP=$tmp/al ANSIBLE_REMOTE_TEMP=$tmp/ar
play() {
	ansible-playbook -c local -i localhost, -e "ovtsh_bin=$OVTSH" \
		-e "ovtsh_lab_name=$OVTSH_LAB" "$@" "$tmp/reference-lab.yml" \
		>"$tmp/play" 2>&1
}
# the recap's numbers for localhost: "ok=1 changed=0 ... failed=0"
recap() { grep -Eo 'ok=[0-9]+ +changed=[0-9]+ +unreachable=[0-9]+ +failed=[0-9]+' "$tmp/play" | tr -s ' '; }
made() { { ip netns list | grep "^$P"; docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB"; } | wc -l; }

play --check --diff || fail "check mode failed: $(tail -n 20 "$tmp/play")"
[ "$(recap)" = "ok=1 changed=1 unreachable=0 failed=0" ] ||
	fail "check mode on an empty host: $(recap): $(tail -n 20 "$tmp/play")"
[ "$(made)" = 0 ] || fail "check mode made $(made) nodes"
grep -q "^+ docker create --name ${P}cs6 " "$tmp/play" ||
	fail "no planned command in --diff: $(tail -n 30 "$tmp/play")"
ok "check mode: changed=1, nothing made, the plan in --diff"

play || fail "first run: $(tail -n 20 "$tmp/play")"
[ "$(recap)" = "ok=1 changed=1 unreachable=0 failed=0" ] || fail "first run: $(recap)"
[ "$(ip netns list | grep -c "^$P")" = 2 ] &&
	[ "$(docker ps -q --filter "label=ovtsh.lab=$OVTSH_LAB" | wc -l)" = 8 ] ||
	fail "first run: not 2 namespaces and 8 running containers"
"$OVTSH" -c "container ${P}cs5" -c " exec ping -c 1 -W 2 32.0.0.2" >"$tmp/ping" 2>&1 ||
	fail "the overlay does not carry a ping: $(cat "$tmp/ping")"
play || fail "second run: $(tail -n 20 "$tmp/play")"
[ "$(recap)" = "ok=1 changed=0 unreachable=0 failed=0" ] || fail "second run: $(recap)"
ok "first run changed=1 (cs5 pings cs2 across the overlay), second run changed=0"

docker rm -f "${P}cs6" >/dev/null || fail "cannot remove ${P}cs6"
play --check || fail "check after the damage: $(tail -n 20 "$tmp/play")"
[ "$(recap)" = "ok=1 changed=1 unreachable=0 failed=0" ] || fail "check after the damage: $(recap)"
docker inspect "${P}cs6" >/dev/null 2>&1 && fail "check mode made ${P}cs6"
play || fail "repair: $(tail -n 20 "$tmp/play")"
[ "$(recap)" = "ok=1 changed=1 unreachable=0 failed=0" ] || fail "repair: $(recap)"
docker inspect "${P}cs6" >/dev/null 2>&1 || fail "the repair did not make ${P}cs6"
play || fail "after the repair: $(tail -n 20 "$tmp/play")"
[ "$(recap)" = "ok=1 changed=0 unreachable=0 failed=0" ] || fail "after the repair: $(recap)"
ok "cs6 removed: check changed=1 and made nothing, a run repaired it, then changed=0"
exit 0
