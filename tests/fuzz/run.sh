#!/bin/bash
# run.sh SECONDS FUZZER... - run each libFuzzer target for a bounded time
# on its corpus (seeded from tests/fuzz/seeds/<name>/ when present).
# Fails when a target finds a crash, a leak or a timeout.
set -u
secs=$1; shift
rc=0
for bin in "$@"; do
	name=$(basename "$bin")
	corpus=build-fuzz/corpus/$name
	mkdir -p "$corpus"
	seeds=tests/fuzz/seeds/${name#fuzz_}
	[ -d "$seeds" ] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null
	echo "== $name: ${secs}s"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=build-fuzz/ -print_final_stats=1 "$corpus" \
		>build-fuzz/$name.log 2>&1; then
		echo "FAIL $name (see build-fuzz/$name.log)"
		tail -n 30 build-fuzz/$name.log
		rc=1
	else
		grep -E 'stat::number_of_executed_units|Done' build-fuzz/$name.log | tail -2
	fi
done
exit $rc
