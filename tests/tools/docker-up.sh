#!/bin/bash
# docker-up.sh - make sure a Docker engine answers and the labbox image
# exists.  dockerd is started so that it touches nothing of the host's own
# network: lab containers run with network mode none and ovtsh wires them.
set -eu
if ! docker info >/dev/null 2>&1; then
	if ! command -v dockerd >/dev/null; then
		echo "docker-up.sh: dockerd not installed (make deps)" >&2
		exit 1
	fi
	nohup dockerd --iptables=false --ip-masq=false --bridge=none \
		>/var/log/ovtsh-dockerd.log 2>&1 &
	for _ in $(seq 1 60); do
		docker info >/dev/null 2>&1 && break
		sleep 0.5
	done
	docker info >/dev/null 2>&1 || {
		echo "docker-up.sh: dockerd did not start:" >&2
		tail -n 20 /var/log/ovtsh-dockerd.log >&2
		exit 1
	}
fi
if ! docker image inspect labbox >/dev/null 2>&1; then
	# labbox: busybox-static and its applets, nothing else; no registry.
	root=$(mktemp -d)
	trap 'rm -rf "$root"' EXIT
	mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" \
		"$root/sys" "$root/dev"
	cp /bin/busybox "$root/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
	done
	echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
	tar -C "$root" -c . | docker import \
		-c 'CMD ["/bin/sleep", "infinity"]' - labbox:latest >/dev/null
	echo "docker-up.sh: built image labbox"
fi
