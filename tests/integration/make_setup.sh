#!/bin/bash
# make_setup.sh - README's first command on a machine without the build
# libraries: "make demo" must install them (deps) and then build, in one
# go.  A stand-in pkg-config says jansson is missing until the stand-in
# deps step has run; the build itself is the real one, into a scratch dir.
set -u
top=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d /tmp/ovtm-setup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
real=$(command -v pkg-config) || { echo "pkg-config not installed"; exit 77; }
mkdir "$tmp/bin"
cat >"$tmp/bin/pkg-config" <<PC
#!/bin/sh
# jansson is "not installed" until $tmp/installed exists
if [ ! -e "$tmp/installed" ]; then
	for a in "\$@"; do
		[ "\$a" = jansson ] && { echo "Package jansson was not found" >&2; exit 1; }
	done
fi
exec "$real" "\$@"
PC
chmod +x "$tmp/bin/pkg-config"
fails=0
export PATH="$tmp/bin:$PATH"

# 1. Without deps: one clear line that says what to do, not a compiler error.
if make -C "$top" -s BUILD="$tmp/b1" all >"$tmp/out1" 2>&1; then
	echo "FAIL: built without the libraries"; fails=$((fails + 1))
elif ! grep -q "run 'sudo make deps' first" "$tmp/out1" ||
     grep -q 'No such file' "$tmp/out1"; then
	echo "FAIL: no clear error without the libraries:"; cat "$tmp/out1"
	fails=$((fails + 1))
else
	echo "ok   a build without the libraries says: $(grep -m1 deps "$tmp/out1")"
fi

# 2. make demo: deps (here: mark jansson installed), then the real build,
#    then the demo's own commands (here: the binary's version).
if make -C "$top" -s -j2 BUILD="$tmp/b2" DEPS_SCRIPT="touch $tmp/installed" \
	DEMO="$tmp/b2/ovtsh --version >>$tmp/demo.out; true" demo \
	>"$tmp/out2" 2>&1 && [ -s "$tmp/demo.out" ]; then
	echo "ok   make demo installs, builds and runs the first time"
else
	echo "FAIL: make demo on a machine without the libraries:"
	tail -n 20 "$tmp/out2"; fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
