#!/bin/bash
# layers.sh - the dependency direction, checked on the sources (DESIGN.md:
# main -> cli -> cmd -> areas -> node -> util):
#  - no file of the layers below docker (node, net, capture, trace, bench)
#    includes a Docker header (ovtsh/docker.h, docker_int.h);
#  - src/node names no node kind: kinds come from the table the areas
#    register (NODE_KIND), so its code (comments aside) says no
#    "hypervisor", "container", "docker", "hv:" or "ct:".
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

[ $rc -eq 0 ] && echo "layers: no Docker header below docker/, src/node names no kind"
exit $rc
