#!/bin/bash
# cli_batch.sh - batch replay: -f FILE, -f -, stdin, -c, -k, -x, source,
# and bad input in files (missing file, NUL, non-UTF-8, overlong lines).
set -u
t=$(mktemp -d /tmp/ovtsh-batch.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail=0
check() {        # description, condition...
	local what=$1; shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

# A good script: exit 0, comments and indentation ignored.
printf '! a comment\n# another\n   echo one\n\techo two ! trailing\n' >"$t/good"
out=$("$OVTSH" -f "$t/good" 2>&1); rc=$?
check "good script exits 0" [ $rc -eq 0 ]
check "good script output" [ "$out" = $'one\ntwo' ]

# Stops at the first failing line with exit 1, FILE:LINE:COL on stderr.
printf 'echo a\nshow bogus\necho b\n' >"$t/bad"
out=$("$OVTSH" -f "$t/bad" 2>"$t/err"); rc=$?
check "failing script exits 1" [ $rc -eq 1 ]
check "stops at the failing line" [ "$out" = a ]
check "FILE:LINE:COL message" grep -qx "$t/bad:2:6: invalid input 'bogus'" "$t/err"
# -k goes on, still exits 1.
out=$("$OVTSH" -k -f "$t/bad" 2>/dev/null); rc=$?
check "-k goes on" [ "$out" = $'a\nb' ]
check "-k still exits 1" [ $rc -eq 1 ]

# -f - and a non-tty stdin read standard input.
out=$(printf 'echo in\n' | "$OVTSH" -f -); check "-f - reads stdin" [ "$out" = in ]
out=$(printf 'echo in2\n' | "$OVTSH"); check "piped stdin is a script" [ "$out" = in2 ]
# -c is repeatable and stops at the first failure.
out=$("$OVTSH" -c 'echo x' -c 'nope' -c 'echo y' 2>"$t/err"); rc=$?
check "-c stops at failure" [ "$out" = x ] && check "-c exit 1" [ $rc -eq 1 ]
check "-c error names it" grep -q "^-c:2:1: unknown command 'nope'" "$t/err"
# -x echoes each line after its prompt.
out=$("$OVTSH" -x -c 'echo hi'); check "-x echo" [ "$out" = $'ovtsh# echo hi\nhi' ]

# Missing and unreadable files: one clear line, exit 1.
out=$("$OVTSH" -f "$t/missing" 2>&1); rc=$?
check "missing file message" [ "$out" = "ovtsh: cannot open '$t/missing': No such file or directory" ]
check "missing file exit 1" [ $rc -eq 1 ]
mkdir "$t/dir"
out=$("$OVTSH" -f "$t/dir" 2>&1); rc=$?
check "directory as script fails" [ $rc -eq 1 ]
check "directory message" [ "$out" = "ovtsh: cannot read '$t/dir': Is a directory" ]
out=$("$OVTSH" -c "source $t/missing" 2>&1); rc=$?
check "source missing file" [ "$out" = "-c:1: cannot open '$t/missing': No such file or directory" ]
printf 'echo sourced\n' >"$t/inc"
out=$("$OVTSH" -c "source $t/inc"); check "source runs a file" [ "$out" = sourced ]

# NUL bytes, invalid UTF-8, overlong lines: refused with the column,
# the next lines still run with -k.
printf 'echo a\0b\necho \xff\xfe\necho ok\n' >"$t/bytes"
out=$("$OVTSH" -k -f "$t/bytes" 2>"$t/err"); rc=$?
check "bad bytes: later line runs" [ "$out" = ok ]
check "NUL reported" grep -qx "$t/bytes:1:7: NUL byte in input" "$t/err"
check "UTF-8 reported" grep -qx "$t/bytes:2:6: invalid UTF-8 in input" "$t/err"
{ printf 'echo '; head -c 5000 /dev/zero | tr '\0' a; printf '\necho after\n'; } >"$t/long"
out=$("$OVTSH" -k -f "$t/long" 2>"$t/err")
check "overlong line refused" grep -q "line too long (5005 bytes, at most 4096)" "$t/err"
check "after overlong line" [ "$out" = after ]
# The history of a batch run holds what ran.
out=$("$OVTSH" -c 'echo q' -c 'show history json')
check "history json" [ "$out" = $'q\n["echo q","show history json"]' ]
exit $fail
