# docker_lib.bash - shared by the ovtd (docker) integration tests; sourced,
# not run.  Every name a test makes starts with "ovtd".
OVTSH=${OVTSH:-build/ovtsh}
export OVTSH_LAB=${OVTSH_LAB:-ovtd$$}

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "$*"; exit 77; }
ok() { echo "ok: $*"; }

# Skip (77) when no Docker engine answers or labbox is missing: the
# tests need the real daemon (make deps starts one and builds labbox).
docker_need() {
	command -v docker >/dev/null || skip "docker CLI not installed"
	docker info >/dev/null 2>&1 || skip "no Docker daemon (make docker-up)"
	docker image inspect labbox >/dev/null 2>&1 ||
		skip "no labbox image (make docker-up)"
}

# Remove every container of this test's lab, and the named extras.
docker_cleanup() {
	local ids
	ids=$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB" 2>/dev/null)
	[ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
	[ $# -eq 0 ] || docker rm -f "$@" >/dev/null 2>&1
	return 0
}

# Run ovtsh; stdout+stderr to $out, exit status to $rc.
ovt() {
	out=$("$OVTSH" "$@" 2>&1)
	rc=$?
}

# expect_fail MESSAGE-REGEX ovtsh-args...: must fail with that message.
expect_fail() {
	local re=$1; shift
	ovt "$@"
	[ "$rc" -ne 0 ] || fail "'$*' succeeded; wanted an error /$re/"
	grep -Eq -- "$re" <<<"$out" ||
		fail "'$*': wanted /$re/, got: $out"
	ok "refused: $(grep -E -- "$re" <<<"$out" | head -n 1)"
}

ct_state() { docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
ct_id() { docker inspect -f '{{.Id}}' "$1" 2>/dev/null; }
ct_pid() { docker inspect -f '{{.State.Pid}}' "$1" 2>/dev/null; }
# IPv4 addresses (address/len) of a container or netns, sorted, from
# "ip -j addr" inside its namespace (no jq needed).
addrs_of_pid() {
	nsenter -t "$1" -n ip -j -4 addr show |
		grep -o '"local":"[^"]*","prefixlen":[0-9]*' |
		sed 's/"local":"\([^"]*\)","prefixlen":\([0-9]*\)/\1\/\2/' | sort
}

# The EXIT trap of a test that replays a renamed copy of labs/lab2.script
# (node names prefixed with $P, files in $tmp): its lab, its containers,
# its two hypervisors, its files.
lab2_copy_cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	docker_cleanup
	for n in ns1 ns2; do ip netns del "$P$n" 2>/dev/null; done
	rm -rf "$tmp"
}
