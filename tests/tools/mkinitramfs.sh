#!/bin/bash
# mkinitramfs.sh - assemble a tiny initramfs (cpio newc, gzip) from the
# host's own files, for booting a throwaway qemu guest.
#
#   mkinitramfs.sh -o OUT -i INIT [-k KVER] [-m MODULE]... [-b BIN[=DST]]...
#                  [-f SRC=DST]...
#
#   -o OUT      the initramfs to write (gzip-compressed cpio, newc format)
#   -i INIT     the guest's /init (a busybox sh script)
#   -k KVER     kernel release whose modules to take (default: the newest
#               under /lib/modules)
#   -m MODULE   a module name (ip_gre, veth ...): it and everything
#               modules.dep says it needs are copied; /etc/modules.load lists
#               them in load order (dependencies first) for insmod
#   -b BIN[=DST] a dynamic program, copied with its whole ldd closure and the
#               loader; DST defaults to BIN's own path
#   -f SRC=DST  a plain file
#
# busybox (static) goes to /bin/busybox with /bin/sh beside it; /init may
# run `busybox --install -s` for the other applets.  Compressed modules
# (.ko.xz, .ko.zst, .ko.gz) are decompressed here, since busybox's insmod
# may not read them.
set -eu

out='' init='' kver='' mods=() bins=() files=()
while getopts o:i:k:m:b:f: opt; do
	case $opt in
	o) out=$OPTARG ;;
	i) init=$OPTARG ;;
	k) kver=$OPTARG ;;
	m) mods+=("$OPTARG") ;;
	b) bins+=("$OPTARG") ;;
	f) files+=("$OPTARG") ;;
	*) exit 2 ;;
	esac
done
die() { echo "mkinitramfs.sh: $*" >&2; exit 1; }
[ -n "$out" ] && [ -n "$init" ] || die "usage: -o OUT -i INIT [-k KVER] [-m MOD]... [-b BIN]... [-f SRC=DST]..."
[ -f "$init" ] || die "$init: no such file"
if [ -z "$kver" ]; then
	kver=$(ls /lib/modules 2>/dev/null | sort -V | tail -n 1)
fi
mdir=/lib/modules/$kver
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || die "busybox not found (busybox-static)"

root=$(mktemp -d /tmp/ovtsh-initramfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,run,tmp,root,usr/bin,usr/sbin}

put() {                 # src dst: copy a file, following symlinks
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
}

# A program and every library ldd names, at the paths ldd gives.
put_bin() {
	local src=${1%%=*} dst=${1#*=} lib
	[ "$dst" != "$1" ] || dst=$src
	[ -x "$src" ] || die "$src: not an executable"
	put "$src" "$dst"
	if ldd "$src" >/dev/null 2>&1; then
		for lib in $(ldd "$src" | awk '
			$2 == "=>" && $3 ~ /^\// { print $3 }
			$1 ~ /^\// { print $1 }'); do
			[ -e "$root$lib" ] || put "$lib" "$lib"
		done
	fi
}

# Module closure from modules.dep, dependencies before dependants.
declare -A seen=()
order=()
mod_path() {            # name -> path relative to $mdir, from modules.dep
	local n=${1//-/_} p
	p=$(awk -F: -v n="$n" '{
		f = $1; sub(/.*\//, "", f); sub(/\.ko(\.(xz|zst|gz))?$/, "", f)
		gsub(/-/, "_", f)
		if (f == n) { print $1; exit }
	}' "$mdir/modules.dep")
	[ -n "$p" ] || die "module $1 not in $mdir/modules.dep"
	echo "$p"
}
add_mod() {             # path relative to $mdir
	local p=$1 d
	[ -z "${seen[$p]:-}" ] || return 0
	seen[$p]=1
	for d in $(awk -F: -v p="$p" '$1 == p { print $2; exit }' "$mdir/modules.dep"); do
		add_mod "$d"
	done
	order+=("$p")
}
for m in "${mods[@]}"; do
	[ -d "$mdir" ] || die "$mdir: no modules for kernel $kver"
	add_mod "$(mod_path "$m")"
done
: >"$root/etc/modules.load"
for p in "${order[@]}"; do
	base=$(basename "$p")
	dst=/lib/modules/$kver/${base%%.ko*}.ko
	mkdir -p "$root/lib/modules/$kver"
	case $p in
	*.ko.xz)  xz -dc "$mdir/$p" >"$root$dst" ;;
	*.ko.zst) zstd -qdc "$mdir/$p" >"$root$dst" ;;
	*.ko.gz)  gzip -dc "$mdir/$p" >"$root$dst" ;;
	*)        cp "$mdir/$p" "$root$dst" ;;
	esac
	echo "$dst" >>"$root/etc/modules.load"
done

put "$busybox" /bin/busybox
ln -s busybox "$root/bin/sh"
for b in "${bins[@]}"; do
	put_bin "$b"
done
for f in "${files[@]}"; do
	[ "${f#*=}" != "$f" ] || die "-f wants SRC=DST, not $f"
	put "${f%%=*}" "${f#*=}"
done
put "$init" /init
chmod 755 "$root/init"

# The newc archive; busybox's cpio is the fallback when GNU cpio is absent.
out_abs=$(realpath -m "$out")
cpio=(cpio --quiet -o -H newc)
command -v cpio >/dev/null || cpio=("$busybox" cpio -o -H newc)
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | "${cpio[@]}" 2>/dev/null) |
	gzip -1 >"$out_abs"
