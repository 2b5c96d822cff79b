# cni_lib.sh - shared by the cni_*.sh tests and tests/bench/cni.sh
# (sourced): drive CNI plugins the way a runtime does, environment and
# stdin, and read what they answered.
#
# Needs: $CNI_BIN (a directory holding the plugin as "ovtsh"), $tmp.

CNI_REF=${CNI_REF:-/usr/lib/cni}

# A directory with the plugin under its type name, first in CNI_PATH.
cni_bin_dir() {          # dir
	mkdir -p "$1"
	ln -sf "${OVTSH_BUILD:-$OVTSH_TOP/build}/ovtsh-cni" "$1/ovtsh"
}

# Run plugin $2 (a path) for command $1 with container $3, netns $4,
# interface $5, the configuration on stdin; its stdout in $tmp/out.
# Prints nothing; returns the plugin's exit status.
cni_run() {              # cmd plugin cid netns ifname  < conf
	CNI_COMMAND=$1 CNI_CONTAINERID=$3 CNI_NETNS=$4 CNI_IFNAME=$5 \
	CNI_PATH="$CNI_BIN:$CNI_REF" CNI_ARGS= "$2" >"$tmp/out"
}

# The ovtsh plugin for cmd on cid/netns/ifname with configuration $5.
cni() {                  # cmd cid netns ifname conf
	printf '%s' "$5" | cni_run "$1" "$CNI_BIN/ovtsh" "$2" "$3" "$4"
}

# The error code the last run wrote (an error object on stdout).
cni_code() { jq -r '.code // empty' "$tmp/out" 2>/dev/null; }

# A conflist run as a runtime runs it: ADD through the plugins in order,
# each given the previous one's result as prevResult; DEL and CHECK
# (CHECK with the final result) in reverse order for DEL.  The final
# result in $tmp/result.  rc of the first plugin that failed.
cni_chain() {            # cmd conflist cid netns ifname
	local cmd=$1 list=$2 cid=$3 ns=$4 ifn=$5 n i idx type conf
	n=$(jq '.plugins | length' <<<"$list")
	[ "$cmd" = ADD ] && rm -f "$tmp/result"
	for ((i = 0; i < n; i++)); do
		idx=$i
		[ "$cmd" = DEL ] && idx=$((n - 1 - i))
		type=$(jq -r ".plugins[$idx].type" <<<"$list")
		conf=$(jq -c --argjson i "$idx" --slurpfile prev \
			<(cat "$tmp/result" 2>/dev/null || true) '
			.plugins[$i] + {name: .name, cniVersion: .cniVersion}
			+ (if ($prev | length) > 0 then {prevResult: $prev[0]}
			   else {} end)' <<<"$list")
		printf '%s' "$conf" | cni_run "$cmd" "$(cni_plugin_path "$type")" \
			"$cid" "$ns" "$ifn" || return
		if [ "$cmd" = ADD ]; then
			cp "$tmp/out" "$tmp/result"
		fi
	done
}

cni_plugin_path() {
	if [ -x "$CNI_BIN/$1" ]; then echo "$CNI_BIN/$1"; else echo "$CNI_REF/$1"; fi
}
