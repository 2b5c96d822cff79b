# bash completion for ovtsh
# Generated from the command grammar by "ovtsh --completions bash"; do not edit.
_ovtsh() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-f) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--completions) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
	--lab|--lock-wait) return ;;
	-c) COMPREPLY=($(compgen -W "bench capture clear container echo end endfor exit expect explain foreach help hypervisor image no ping pingall set show source terminal trace tunnel vm write" -- "$cur")); return ;;
	esac
	COMPREPLY=($(compgen -W "-f -c -x -i -k --force --lab --lock-wait --lint-grammar --completions --complete --version --help" -- "$cur"))
}
complete -F _ovtsh ovtsh
