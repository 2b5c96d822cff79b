#!/bin/bash
# layer-deps.sh - the dependency direction, checked on the build (make
# runs it before it links): every object of src/LAYER may use only the
# layers its rule names, by header and by symbol.
#
#   layer-deps.sh BUILD LAYER:DEP,DEP... ...     (the Makefile's LAYERS)
#
# Headers: the .d file the compiler wrote for each object (-MMD) lists
# every header it read, directly or not; a header belongs to the layer of
# its directory (src/LAYER/x.h) or, for include/ovtsh/, to the layer the
# table below names.  Symbols: every undefined symbol of an object that
# another object of src/ defines must be defined in an allowed layer.
set -u
build=$1; shift
declare -A allow
layers=()
for rule in "$@"; do
	l=${rule%%:*}
	layers+=("$l")
	allow[$l]=" $l ${rule#*:} "
	allow[$l]=${allow[$l]//,/ }
done

# include/ovtsh/NAME.h -> the layer that implements it
declare -A hdr=(
	[err]=util [lab]=util [lab_lock]=util [value]=util [safefile]=util
	[csv]=util [memfd]=util
	[cancel]=util [plan]=util
	[jw]=out [out]=out [graph]=out [outpipe]=out
	[node]=node [net]=net [docker]=docker [vm]=vm
	[capture]=capture [cursor]=capture [dissect]=capture [capprint]=capture
	[trace]=trace [bench]=bench [cni]=cni [cli]=cli [cmd]=cmd
)
rc=0
fail() { echo "layers: $*" >&2; rc=1; }
allowed() { [[ ${allow[$1]} == *" $2 "* ]]; }

for l in "${layers[@]}"; do
	for src in src/"$l"/*.c; do
		d=$build/${src%.c}.d
		[ -e "$d" ] || continue
		# src/x/../y/z.h is src/y/z.h
		for h in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$d" | tr ' ' '\n' |
			   grep -E '^(include/ovtsh|src)/.*\.h$' | sort -u |
			   xargs -r realpath -m --relative-to=. | sort -u); do
			case $h in
			include/ovtsh/*)
				n=$(basename "$h" .h)
				hl=${hdr[$n]:-}
				[ -n "$hl" ] || { fail "$h: no layer (add it to tests/tools/layer-deps.sh)"; continue; } ;;
			src/*) hl=$(echo "$h" | cut -d/ -f2) ;;
			esac
			allowed "$l" "$hl" || fail "$src includes $h (layer $hl); $l may use only${allow[$l]% }"
		done
	done
done

# symbol -> layer, for every global symbol an object of src/ defines
declare -A def
for l in "${layers[@]}"; do
	for c in src/"$l"/*.c; do
		o=$build/${c%.c}.o
		[ -e "$o" ] || continue
		while read -r _ _ s; do def[$s]=$l; done \
			< <(nm --defined-only -g "$o")
	done
done
for l in "${layers[@]}"; do
	for c in src/"$l"/*.c; do
		o=$build/${c%.c}.o
		[ -e "$o" ] || continue
		for s in $(nm -u "$o" | awk '{print $2}'); do
			dl=${def[$s]:-}
			[ -n "$dl" ] || continue      # a library's or libc's
			allowed "$l" "$dl" ||
				fail "$c uses $s of $dl; $l may use only${allow[$l]% }"
		done
	done
done
exit $rc
