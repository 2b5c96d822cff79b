#!/bin/bash
# layer-deps.sh - the build's layer check (layer-deps.sh) on a tiny
# tree of its own: a lower layer that includes a higher one's header, or
# calls it through a declaration of its own, is refused; the allowed
# direction passes.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/ovtl-layers.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
mkdir -p src/low src/high include b/src/low b/src/high
echo 'int high_fn(void);' >src/high/high.h
echo 'int low_fn(void);' >src/low/low.h
cat >src/high/high.c <<'C'
#include "high.h"
#include "../low/low.h"
int high_fn(void) { return low_fn(); }
C
build() {
	for f in src/low/low.c src/high/high.c; do
		cc -Iinclude -MMD -c -o "b/${f%.c}.o" "$f" || exit 1
	done
}
check() {             # want(0|1) what
	"$top/tests/tools/layer-deps.sh" b low: high:low >out 2>&1
	if [ $? -eq "$1" ]; then echo "ok   $2"; else
		echo "FAIL $2:"; cat out; fails=$((fails + 1)); fi
}
fails=0
echo 'int low_fn(void) { return 1; }' >src/low/low.c
build; check 0 "high uses low"
printf '#include "../high/high.h"\nint low_fn(void) { return 1; }\n' >src/low/low.c
build; check 1 "low includes high's header"
grep -q 'src/low/low.c includes src/high/high.h' out || {
	echo "FAIL no line names the include"; fails=$((fails + 1)); }
printf 'int high_fn(void);\nint low_fn(void) { return high_fn(); }\n' >src/low/low.c
build; check 1 "low calls high through its own declaration"
grep -q 'src/low/low.c uses high_fn of high' out || {
	echo "FAIL no line names the symbol"; fails=$((fails + 1)); }
[ $fails -eq 0 ]
