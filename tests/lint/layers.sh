#!/bin/bash
# layers.sh - the dependency direction, checked on the sources (DESIGN.md:
# main -> cli -> cmd -> areas -> node -> util):
#  - no file of the layers below docker (node, net, capture, trace, bench)
#    includes a Docker header (ovtsh/docker.h, docker_int.h);
#  - src/node names no node kind: kinds come from the table the areas
#    register (NODE_KIND), so its code (comments aside) says no
#    "hypervisor", "container", "docker", "hv:" or "ct:";
#  - src/docker/async.c is the one facade over pending starts: it calls
#    container.c's synchronous calls, and container.c calls nothing of it.
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}"
rc=0

for f in $(find src/node src/net src/capture src/trace src/bench \
		include/ovtsh/node.h include/ovtsh/net.h \
		include/ovtsh/capture.h include/ovtsh/trace.h \
		include/ovtsh/bench.h -name '*.[ch]' 2>/dev/null | sort); do
	if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?docker(_int)?\.h[">]' "$f"; then
		echo "$f: includes a Docker header (the layers below docker/ must not)"
		rc=1
	fi
done

# The code of src/node without its comments (the preprocessor strips
# them and keeps the directives, so string literals stay visible).
for f in $(find src/node include/ovtsh/node.h -name '*.[ch]' | sort); do
	hits=$(cpp -fpreprocessed -dD -P "$f" 2>/dev/null |
	       grep -nEi 'hypervisor|container|docker|NODE_HV|NODE_CT|"(hv|ct)[:"]')
	if [ -n "$hits" ]; then
		echo "$f: names a node kind (kinds come from the NODE_KIND table):"
		echo "$hits" | sed 's/^/    /'
		rc=1
	fi
done

# The functions async.c exports (defined at the start of a line, not
# static), none of them called from container.c.
fns=$(grep -oE '^(int|void|bool) +docker_[a-z_]+\(' src/docker/async.c |
      sed -E 's/^[a-z]+ +//; s/\($//' | sort -u)
[ -n "$fns" ] || { echo "src/docker/async.c: no exported function found"; rc=1; }
for fn in $fns; do
	if cpp -fpreprocessed -dD -P src/docker/container.c 2>/dev/null |
	   grep -qE "\b$fn *\("; then
		echo "src/docker/container.c calls $fn of async.c (async.c is the facade over container.c, not the reverse)"
		rc=1
	fi
done

[ $rc -eq 0 ] && echo "layers: no Docker header below docker/, src/node names no kind, container.c calls nothing of async.c"
exit $rc
