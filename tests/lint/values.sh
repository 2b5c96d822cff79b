#!/bin/bash
# values.sh - values are parsed once (src/util/value.c, the grammar's
# types and the backends' one parser); this fails when that breaks:
#  1. a handler under src/cmd parses text itself (inet_pton, strtoul,
#     sscanf, atoi, ...): the matcher has parsed every argument and
#     cli_arg_prefix()/cli_arg_u32()/... hand the value out; other text
#     goes through ovtsh/value.h;
#  2. a printf precision (%.15s, %.*s) in src/ that could cut a name:
#     names are checked and copied whole or refused (val_ifname_set,
#     val_copy).  The precisions left bound quoted text inside messages or
#     take a substring by its length; each is listed below with its
#     reason, so a new one fails until someone looks at it;
#  3. a backend (src/net, src/docker, src/node) or src/util includes a
#     CLI header: they check values through src/util's module.
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}"
rc=0

bad=$(grep -nE '\b(inet_pton|inet_aton|inet_addr|inet_network|strto(u?l|u?ll|d|f|ld|imax|umax)|sscanf|ato(i|l|ll|f))[[:space:]]*\(' \
	src/cmd/*.c src/cmd/*.h)
if [ -n "$bad" ]; then
	echo "src/cmd parses text itself (use cli_arg_*() or ovtsh/value.h):"
	echo "$bad"
	rc=1
fi

# path|text of the line: why this precision cuts no name
allowed=(
	"src/util/value.c|'%.80s'"                 # a refused token, quoted in its message
	"src/util/value.c|\"%.40s is out of range"  # the same, for a number
	"src/util/err.c|\"%.200s: %.300s\""        # a prefixed message within OVT_ERR_MSG
	"src/util/lab_lock.c|(%.200s)"             # the lock holder's command line, in a message
	"src/docker/async.c|\"%.400s (container removed)\""  # a message
	"src/cli/grammar.c|'%.1s'"                 # one character, in a lint message
	"src/cli/grammar.c|'%.60s'"                # a help line, in a lint message
	"src/cli/batch.c|\"%s%.*s\\n\""            # -x echo of a line of known length
	"src/cli/repl.c|\"%.*s\", (int)(lcp - have)"  # the completion's common extension
	"src/trace/trace_loop.c|\"%.*s/%s\""       # one \$PATH element, overflow checked
	"src/cni/cni_exec.c|\"%.*s/%s\""           # one CNI_PATH element, overflow checked
	"src/util/safefile.c|\"%.*s\", (int)(slash - path)"  # a path's directory part
	"src/net/net_name.c|\"%.*s\", (int)(colon - ref)"  # a ref's kind prefix,
	                                           # its length checked first
	"src/cli/script.c|\"%.*s\", (int)(q - a->p)"  # a variable's name in
	                                           # an expression, bounded by its buffer
	"src/cli/script.c|\"unknown variable '%.*s'"  # an unknown name, quoted
	"src/cli/engine.c|\"%s%.*s\\n\""            # a line of known length, shown
	"src/cmd/cmd_expect.c|\"expect: no layer '%.*s' (the \""  # one item of a list
	"src/cmd/cmd_expect.c|\", the last: \\\"%.*s%s\\\"\""  # a line of output, \"...\" when cut
	"src/net/net_plan.c|\"%.*s%s%s\", (int)(at - t)"  # a kind's sh_pid
	                                           # up to its '@'
	"src/cli/gencompl.c|\"%.*s\","         # a syntax token before its \$name
	"src/util/safefile.c|\".%.200s.%s\""       # a temporary's name within NAME_MAX,
	                                           # unique by its random suffix
	"src/vm/vm_initrd.c|\"%.*s\", (int)(s - path)"  # a path's directory part,
	                                           # its length checked first
	"src/vm/vm_qemu.c|\"%.150s\", line"         # a guest's console line, in a message
	"src/vm/vm_agent.c|\"%.*s\","              # the agent's message: a frame's
	                                           # payload of known length
)
cut=()
while IFS= read -r hit; do
	file=${hit%%:*}
	ok=0
	for a in "${allowed[@]}"; do
		[ "${a%%|*}" = "$file" ] || continue
		case $hit in *"${a#*|}"*) ok=1; break ;; esac
	done
	[ $ok = 1 ] || cut+=("$hit")
done < <(grep -rnE '%[-0-9]*\.([0-9]+|\*)s' src/)
if [ ${#cut[@]} -gt 0 ]; then
	echo "printf precisions that may cut a name (check it and copy it"
	echo "whole with ovtsh/value.h, or list it here with its reason):"
	printf '  %s\n' "${cut[@]}"
	rc=1
fi

bad=$(grep -rnE '#[[:space:]]*include[[:space:]]*"(ovtsh/cli\.h|ovtsh/cmd\.h|[^"]*cli_int\.h)"' \
	src/net src/docker src/node src/util)
if [ -n "$bad" ]; then
	echo "a backend includes a CLI header (use ovtsh/value.h):"
	echo "$bad"
	rc=1
fi
exit $rc
