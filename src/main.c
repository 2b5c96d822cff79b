/* main.c - ovtsh: interactive REPL, "-f FILE", "-c CMD", stdin scripts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_int.h"
#include "ovtsh/cancel.h"
#include "ovtsh/capture.h"
#include "ovtsh/cmd.h"
#include "ovtsh/lab.h"
#include "ovtsh/node.h"
#include "ovtsh/vm.h"

static void usage(FILE *fp)
{
	fputs("usage: ovtsh [-x] [-i] [-k] [-n] [--prune] [--json] [--detailed-exitcode]\n"
	      "             [--lab NAME] [--lock-wait SECONDS]\n"
	      "             [-D NAME=VALUE ...] [-f FILE | -c CMD ...]\n"
	      "  -f FILE        replay FILE ('-' = standard input)\n"
	      "  -c CMD         run CMD (repeatable, in order)\n"
	      "  -x             echo each line after its prompt\n"
	      "  -i             show errors as the REPL does (caret, %)\n"
	      "  -k, --force    go on after a failing line\n"
	      "  -n, --dry-run  print per line what would be created (+),\n"
	      "                 changed (~) or is in place (=); change nothing\n"
	      "  --json         end with the recap as one JSON line on stdout\n"
	      "  --detailed-exitcode\n"
	      "                 exit 2 when something changed (1: failed)\n"
	      "  --prune        then remove the lab's objects the script does\n"
	      "                 not describe (with -n: say so, as -)\n"
	      "  -D, --define NAME=VALUE\n"
	      "                 set variable NAME ($NAME in the script)\n"
	      "  --lab NAME     work on lab NAME (default $OVTSH_LAB or 'default')\n"
	      "  --lock-wait SECONDS\n"
	      "                 wait so long for another ovtsh changing the lab\n"
	      "                 (default $OVTSH_LOCK_WAIT or 10; 0: do not wait)\n"
	      "  --lint-grammar check the command definitions\n"
	      "  --completions bash|zsh|man\n"
	      "                 print a shell completion script\n"
	      "  --complete LINE\n"
	      "                 print the candidates for the last word of LINE\n"
	      "  --agent PORT   serve a VM's host on the virtio-serial port PORT\n"
	      "                 (the guest's init runs it)\n"
	      "  -V, --version  print the version\n"
	      "Without -f or -c, ovtsh reads commands interactively from a\n"
	      "terminal, or as a script from a non-terminal standard input.\n",
	      fp);
}

static void print_cand(const char *cand, void *arg)
{
	(void)arg;
	puts(cand);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'k' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'J' },
		{ "detailed-exitcode", no_argument, NULL, 'E' },
		{ "prune", no_argument, NULL, 'R' },
		{ "define", required_argument, NULL, 'D' },
		{ "lab", required_argument, NULL, 'L' },
		{ "lock-wait", required_argument, NULL, 'W' },
		{ "lint-grammar", no_argument, NULL, 'G' },
		{ "completions", required_argument, NULL, 'C' },
		{ "complete", required_argument, NULL, 'P' },
		{ "agent", required_argument, NULL, 'A' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static struct cli_ctx ctx;
	const char *cmds[64], *file = NULL, *lab = NULL;
	struct ovt_err e = { 0 };
	int ncmds = 0, opt, rc = 0, ws;
	bool repl = false, detailed = false;

	cancel_init();       /* the one SIGINT handler (ovtsh/cancel.h) */
	cli_ctx_init(&ctx);
	node_home_fd();      /* remember our own namespace before anything */
	while ((opt = getopt_long(argc, argv, "f:c:xiknVhD:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			file = optarg;
			break;
		case 'c':
			if (ncmds == 64) {
				fputs("ovtsh: at most 64 -c commands\n", stderr);
				return 2;
			}
			cmds[ncmds++] = optarg;
			break;
		case 'x':
			ctx.echo = true;
			break;
		case 'i':
			ctx.screen = true;
			break;
		case 'k':
			ctx.force = true;
			break;
		case 'n':
			ctx.dry = ctx.recap_always = true;
			break;
		case 'J':
			ctx.recap_json = ctx.recap_always = true;
			break;
		case 'E':
			detailed = ctx.recap_always = true;
			break;
		case 'R':
			ctx.prune = cmd_prune;
			ctx.recap_always = true;
			break;
		case 'L':
			lab = optarg;
			break;
		case 'D': {
			char *eq = strchr(optarg, '='), why[160];

			if (eq)
				*eq = '\0';
			if (!eq || cli_var_define(&ctx, optarg, eq + 1, why,
						  sizeof(why)) < 0) {
				fprintf(stderr, "ovtsh: -D %s: %s\n", optarg,
					eq ? why : "NAME=VALUE expected");
				return 2;
			}
			break;
		}
		case 'W':        /* checked where the lock is taken */
			setenv("OVTSH_LOCK_WAIT", optarg, 1);
			break;
		case 'G':
			return grammar_lint(stdout) ? 1 : 0;
		case 'C':
			return gencompl_print(optarg, stdout) ? 2 : 0;
		case 'P':
			cli_complete_line(&ctx, optarg, print_cand, NULL, &ws);
			return 0;
		case 'A':
			return vm_agent_main(optarg);
		case 'V':
			printf("ovtsh %s\n", OVTSH_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ovtsh: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (file && ncmds) {
		fputs("ovtsh: -f and -c do not mix\n", stderr);
		return 2;
	}
	/* The name goes into every tag: refuse a bad one before anything
	 * is touched (an empty $OVTSH_LAB means "default", --lab "" not). */
	if (lab_name_check(lab ? lab : lab_name(), &e) < 0) {
		fprintf(stderr, "ovtsh: invalid lab name (%s): %s\n",
			lab ? "--lab" : "$OVTSH_LAB", e.msg);
		return 2;
	}
	if (lab)
		setenv("OVTSH_LAB", lab, 1);

	/* every replay keeps its recap (recap.c); -c prints it if asked */
	ctx.recap_on = true;
	ctx.recap_scripts = !ncmds;
	if (ncmds) {
		rc = batch_run_lines(&ctx, cmds, ncmds, "-c");
	} else if (file && strcmp(file, "-")) {
		FILE *fp = fopen(file, "r");

		if (!fp) {
			fprintf(stderr, "ovtsh: cannot open '%s': %m\n", file);
			return 1;
		}
		rc = batch_run(&ctx, fp, file);
		fclose(fp);
	} else if (file || !isatty(STDIN_FILENO)) {
		rc = batch_run(&ctx, stdin, "<stdin>");
	} else {
		repl = true;
		ctx.recap_on = false;
		if (ctx.dry) {
			fputs("ovtsh: --dry-run replays a script (-f, -c, "
			      "stdin); in the shell use 'show diff FILE'\n",
			      stderr);
			return 2;
		}
		rc = repl_run(&ctx);
	}
	cap_bg_stop_all();    /* background captures end with the shell */
	cli_ctx_fini(&ctx);
	/* a Ctrl-C that stopped the replay: die of it, as before it was
	 * caught (a shell running ovtsh then stops its own script too) */
	if (!repl && cancel_stops())
		cancel_exit();
	if (rc)
		return 1;
	return detailed && ctx.recap_changed ? 2 : 0;   /* terraform's */
}
