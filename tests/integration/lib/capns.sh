# capns.sh - namespaces and veths for the capture tests (sourced, not
# run).  Every namespace made with capns_add is removed by capns_cleanup,
# which also removes $tmp; the caller names them uniquely (with $$).
CAPNS=()

capns_cleanup() {
	local n
	for n in "${CAPNS[@]}"; do ip netns del "$n" 2>/dev/null; done
	[ -n "${tmp:-}" ] && rm -rf "$tmp"
	return 0
}

capns_add() {
	local n
	for n in "$@"; do
		ip netns add "$n" || return 1
		CAPNS+=("$n")
		ip -n "$n" link set lo up
	done
}

# capns_veth NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth pair, both ends up, an
# address on each end that is not "-".
capns_veth() {
	ip -n "$1" link add "$2" type veth peer name "$5" netns "$4" || return 1
	[ "$3" = - ] || ip -n "$1" addr add "$3" dev "$2" || return 1
	[ "$6" = - ] || ip -n "$4" addr add "$6" dev "$5" || return 1
	ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up
}

# capns_gen ARGS...: the pcap generator of the build (tests/helpers/cap_gen)
capns_gen() {
	local gen=${OVTSH_BUILD:-build}/tests/helpers/cap_gen
	[ -x "$gen" ] || gen=$OVTSH_TOP/$gen
	"$gen" "$@"
}

# capns_bg_read PCAP N OUT TIMES [POLL]: one ovtsh session that reads PCAP
# (N packets) with "capture read ... background", polls "show captures"
# every POLL seconds (0.25) until it is done, then shows what it kept as
# JSON; its output goes to OUT, "seconds peak-RSS-KiB" (/usr/bin/time) to
# TIMES.  Returns 1 when ovtsh ended early or the capture never got done.
capns_bg_read() {
	local pcap=$1 n=$2 out=$3 times=$4 poll=${5:-0.25} fifo pid i
	fifo=$(mktemp -u "${TMPDIR:-/tmp}/ovtc-fifo.XXXXXX")
	mkfifo "$fifo" || return 1
	/usr/bin/time -f '%e %M' -o "$times" "$OVTSH" <"$fifo" >"$out" 2>&1 &
	pid=$!
	exec 9>"$fifo"
	rm -f "$fifo"
	echo "capture read $pcap background" >&9
	for i in $(seq 1 2400); do
		kill -0 $pid 2>/dev/null || break
		echo "show captures" >&9
		sleep "$poll"
		grep -Eq "^1 +done +file +$pcap +$n " "$out" && break
	done 2>/dev/null
	echo "show capture 1 json" >&9 2>/dev/null
	exec 9>&-
	wait $pid || return 1
	grep -Eq "^1 +done +file +$pcap +$n " "$out"
}
