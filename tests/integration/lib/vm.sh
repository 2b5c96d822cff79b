# vm.sh - shared by the VM tests (sourced, not run).

# vm_leftovers NAME...: what a test's "clear lab" left of its VMs: a qemu
# of this lab ($OVTSH_LAB) by that name is killed (its command line tag
# checked first: never another's), and its runtime directory goes.
vm_leftovers() {
	local v p run=/run/ovtsh/vms
	for v in "$@"; do
		p=$(cat "$run/$v/qemu.pid" 2>/dev/null)
		[ -n "$p" ] && grep -qa "guest=ovtsh:$OVTSH_LAB:$v" \
			"/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
		rm -rf "${run:?}/$v"
	done
}
