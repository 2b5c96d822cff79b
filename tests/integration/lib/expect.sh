# expect.sh - shared by the tests of the labs' expect lines (sourced, not
# run): a lab's copy with this test's node names, and where its lines are.

# expect_lab_copy LAB OUT PREFIX NAME...: LAB with every node NAME given
# PREFIX (interface names built on them too), its lines where they were;
# non-zero when a name was left.
expect_lab_copy() {
	local lab=$1 out=$2 p=$3 re
	shift 3
	re=$(tr ' ' '|' <<<"$*")
	sed -E "s/\b($re)\b/$p\1/g" "$lab" >"$out" || return 1
	! grep -Eq "(hypervisor|container|from) ($re)\b" "$out" &&
		[ "$(wc -l <"$lab")" = "$(wc -l <"$out")" ]
}

# expect_line_of LAB ERE: the number of LAB's one line "expect ERE...",
# "?" when there is not exactly one.
expect_line_of() {
	local n
	n=$(grep -nE "^expect $2" "$1" | cut -d: -f1)
	[ "$(wc -w <<<"$n")" = 1 ] || n="?"
	echo "$n"
}

# expect_lines LAB OUT: LAB's expect lines alone into OUT, the line each
# had in LAB into OUT.lines (line k of OUT is line k of OUT.lines).
expect_lines() {
	grep -nE '^expect ' "$1" | cut -d: -f1 >"$2.lines"
	grep -E '^expect ' "$1" >"$2"
}

# expect_passes DIR ovtsh-args...: ovtsh's stdout into DIR/out, stderr into
# DIR/err; true when it exited 0 with nothing on stderr but the recap of
# a replay without failures, and its summary says that every expectation
# passed (what it says is in DIR/out's last line either way).
expect_passes() {
	local dir=$1
	shift
	"$OVTSH" "$@" >"$dir/out" 2>"$dir/err" &&
		! grep -Evq '^[0-9]+ changed, [0-9]+ unchanged, [0-9]+ removed, 0 failed$' "$dir/err" &&
		tail -n 1 "$dir/out" | grep -Eq '^expect: [0-9]+ passed, 0 failed$'
}
