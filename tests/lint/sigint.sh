#!/bin/bash
# sigint.sh - one cancellation (ovtsh/cancel.h): exactly one place in src/
# installs a SIGINT handler, src/util/cancel.c; putting SIGINT back to its
# default action happens only there too (cancel_child() and its own die
# path), and no signal disposition is set for a signal number the eye
# cannot check (a variable).
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}" || exit 1
out=$(find src -name '*.c' -print0 | xargs -0 perl -0777 -ne '
	# every call that sets a disposition, with its arguments
	while (/\b(sigaction|signal|sigset|bsd_signal|sysv_signal)\s*(\((?:[^()]++|(?2))*\))/g) {
		my ($fn, $args) = ($1, $2);
		my $line = 1 + (substr($_, 0, $-[0]) =~ tr/\n//);
		my ($sig, $rest) = $args =~ /^\(\s*([^,]*?)\s*,(.*)\)$/s;
		next unless defined $sig;
		my $what = $sig eq "SIGINT" ?
			($rest =~ /\bSIG_(DFL|IGN)\b/ ? "reset" : "handler") :
			($sig =~ /^SIG[A-Z0-9]+$/ ? "other" : "unknown");
		print "$what $ARGV:$line $fn($sig,...)\n";
	}')
echo "$out" | grep -v '^other ' | grep . || true
fail=0
handlers=$(grep -c '^handler ' <<<"$out")
if [ "$handlers" -ne 1 ]; then
	echo "FAIL: $handlers places install a SIGINT handler, want 1:"
	grep '^handler ' <<<"$out"
	fail=1
fi
if grep '^handler ' <<<"$out" | grep -vq ' src/util/cancel\.c:'; then
	echo "FAIL: the SIGINT handler is installed outside src/util/cancel.c"
	fail=1
fi
if grep '^reset ' <<<"$out" | grep -v ' src/util/cancel\.c:'; then
	echo "FAIL: SIGINT reset outside src/util/cancel.c (use cancel_child())"
	fail=1
fi
if grep '^unknown ' <<<"$out"; then
	echo "FAIL: a disposition set for a signal named by a variable"
	fail=1
fi
# signalfd would be a second way of taking SIGINT
if grep -rn '\bsignalfd\s*(' src; then
	echo "FAIL: signalfd in src/: Ctrl-C goes through ovtsh/cancel.h"
	fail=1
fi
[ $fail = 0 ] && echo "one SIGINT handler: src/util/cancel.c"
exit $fail
