#!/bin/bash
# headers.sh - headers that say one thing, and the decoder's state in its
# context:
#   commands see the engine through include/ovtsh/cli.h alone (only
#     src/cli/ and main.c include src/cli/cli_int.h);
#   the capture headers keep to their roles: cursor.h the bounds-checked
#     cursor, dissect.h the decoded packet and dec_ API, capprint.h the
#     printers (cap_format_*, cap_fmt_*, cap_tcp_*), capture.h the capture
#     API (cap_run, cap_live_*, the background captures cap_bg_*) and
#     nothing of the others; dissectors include no
#     printer or capture header, printers no cursor;
#   the dissectors keep no mutable file-scope state (the VXLAN ports
#     travel in struct dec_ctx).
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for f in $(grep -rl 'cli_int\.h' src --include='*.c' --include='*.h'); do
	case $f in src/cli/*|src/main.c) ;; *) bad "$f includes the engine's internals (cli_int.h)" ;; esac
done

# names a header declares or defines (functions, structs, macros), one a line
names() {
	perl -0777 -ne 's{/\*.*?\*/}{}gs;
		my %kw = map { $_ => 1 } qw(if for while switch return sizeof);
		while (/\b([a-z]\w*)\s*\(/g) { print "$1\n" unless $kw{$1} }
		print "struct $1\n" while /\bstruct\s+(\w+)\s*\{/g;  # definitions
		print "$1\n" while /^#define\s+(\w+)/mg;' "include/ovtsh/$1"
}
only() {               # header, regex every name it defines must match
	local n
	for n in $(names "$1" | tr ' ' '_'); do
		[[ $n =~ $2 ]] || bad "include/ovtsh/$1 defines '$n', not its role"
	done
}
for h in cursor.h dissect.h capprint.h; do
	[ -f "include/ovtsh/$h" ] || bad "include/ovtsh/$h missing"
done
if [ $fail = 0 ]; then
	only cursor.h '^(dec_(cur_init|left|take|u8|be16|be32|copy|skip)|struct_dec_cur|OVTSH_CURSOR_H)$'
	only dissect.h '^(dec_[a-z0-9_]+|struct_dec_[a-z0-9_]+|DEC_[A-Z0-9_]+|OVTSH_DISSECT_H)$'
	only capprint.h '^(cap_(format_text|format_detail|format_json|tcp_flags|tcp_opts|fmt_ip4|fmt_mac)|CAP_(LINE|JSON)_MAX|OVTSH_CAPPRINT_H)$'
	only capture.h '^(cap_run|cap_live_(open|take|close)|cap_bg_[a-z_]+|struct_cap_(opts|stats|bg_info|point)|CAP_BG_[A-Z]+|CAP_POINTS_MAX|OVTSH_CAPTURE_H)$'
fi
for f in src/capture/dissect.c; do
	grep -Eq '#include "ovtsh/(capture|capprint)\.h"' "$f" &&
		bad "$f (a dissector) includes a printer or capture header"
done
for f in src/capture/print_*.c; do
	grep -q '#include "ovtsh/cursor\.h"' "$f" &&
		bad "$f (a printer) reads bytes through the cursor"
done
# file-scope variables of the dissectors: const tables only
perl -0777 -ne 's{/\*.*?\*/}{}gs; s{^\s*#.*$}{}mg; s{"(\\.|[^"\\])*"}{""}g;
	my $d = 0; my $stmt = "";
	for my $ch (split //) {
		$d++ if $ch eq "{"; $d-- if $ch eq "}";
		if ($d == 0) {
			$stmt .= $ch;
			if ($ch eq ";" || $ch eq "}") {
				$stmt =~ s/^\s+//;
				print "$ARGV: mutable file-scope state: $stmt\n"
				    if $stmt =~ /^static\s/ && $stmt !~ /^static\s+(const|inline)\b/
				       && $stmt !~ /\)\s*\{?\}?$/ && $stmt !~ /^static\s[^=;]*\(/;
				$stmt = "";
			}
		} elsif ($stmt ne "") { $stmt .= $ch; }
	}' src/capture/dissect.c >"${TMPDIR:-/tmp}/ovtsh-lint-h.$$"
if [ -s "${TMPDIR:-/tmp}/ovtsh-lint-h.$$" ]; then
	cat "${TMPDIR:-/tmp}/ovtsh-lint-h.$$"
	fail=1
fi
rm -f "${TMPDIR:-/tmp}/ovtsh-lint-h.$$"
[ $fail = 0 ] && echo "headers keep to their roles; the decoder's ports travel in dec_ctx"
exit $fail
