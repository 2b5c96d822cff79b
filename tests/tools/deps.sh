#!/bin/bash
# deps.sh - install every build and test dependency on Debian 12 (root),
# then start dockerd and build the labbox image.  Idempotent.
set -eu
PKGS=(
	build-essential pkg-config clang libclang-rt-14-dev
	libedit-dev libnl-3-dev libnl-route-3-dev libcurl4-openssl-dev
	libpcap-dev libjansson-dev libseccomp-dev
	iproute2 iputils-ping iperf3 tcpdump strace procps psmisc jq
	libxml2-utils util-linux time
	docker.io busybox-static
	qemu-system-x86 linux-image-cloud-amd64 cpio
	libgraphviz-dev graphviz libbpf-dev bpftool bpftrace
	podman containernetworking-plugins ansible-core
)
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (sudo make deps)" >&2
	exit 1
fi
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
"$(dirname "$0")/docker-up.sh"
