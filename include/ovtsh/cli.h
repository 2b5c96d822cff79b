/* cli.h - the command engine: definitions, modes, arguments, context.
 *
 * A command is one static const struct cli_cmd: a syntax string, one help
 * line per token, the modes it is valid in and a handler.  Parsing, '?',
 * TAB, abbreviation, the "no" form, "help" and the generated shell
 * completions all come from these tables (FRR's DEFUN idea, tmux's const
 * cmd_entry tables).
 *
 * Syntax:
 *   keyword            matched by any unique prefix ("sh" -> "show")
 *   WORD NAME IFNAME   placeholders, see the type table in src/cli/types.c:
 *   A.B.C.D A.B.C.D/M X:X::X:X X:X::X:X/M (lo-hi) FILE STRING LIST
 *   IFADDR4 IFADDR6    an interface's own address/length (unicast; the
 *                      /M forms are prefixes, for routes)
 *   LINE               the rest of the line, one argument per token
 *   [ ... ]            optional;   < a | b c >  exactly one alternative
 *   { a | b c | d }    any of the alternatives, in any order, each once
 *   [no]               the "no" form, read with cli_arg_has(a, "no")
 *   TOKEN$name         name the argument ("NAME$hv", "<gre|vxlan>$type");
 *                      a range is otherwise named by the keyword before it
 *                      ("vni (0-16777215)" -> "vni"), another placeholder
 *                      by its lowercase type ("IFNAME" -> "ifname"), a
 *                      keyword by itself.  When a keyword and a value share
 *                      a name, cli_arg() returns the value.
 *
 * help: one line per keyword/placeholder in syntax order, '\n'-terminated.
 * The grammar lint (make check) rejects a mismatch.
 */
#ifndef OVTSH_CLI_H
#define OVTSH_CLI_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ovtsh/out.h"
#include "ovtsh/value.h"

/* Modes are data (src/cli/mode.c): name, parent, prompt. */
enum cli_mode {
	CLI_MODE_EXEC = 0,
	CLI_MODE_HV,          /* hypervisor NAME */
	CLI_MODE_CT,          /* container NAME */
	CLI_MODE_TUN,         /* tunnel NAME */
	CLI_MODE_IF,          /* interface IFNAME, under HV or CT */
	CLI_MODE_VM,          /* vm NAME */
	CLI_MODE_COUNT
};

#define CLI_M(m)     (1u << (m))
#define CLI_M_EXEC   CLI_M(CLI_MODE_EXEC)
#define CLI_M_HV     CLI_M(CLI_MODE_HV)
#define CLI_M_CT     CLI_M(CLI_MODE_CT)
#define CLI_M_TUN    CLI_M(CLI_MODE_TUN)
#define CLI_M_IF     CLI_M(CLI_MODE_IF)
#define CLI_M_VM     CLI_M(CLI_MODE_VM)
#define CLI_M_NODE   (CLI_M_HV | CLI_M_CT)

#define CLI_MAX_ARGS   128
#define CLI_MAX_LINE   4096      /* longer input lines are refused */

enum cli_ret {
	CLI_OK = 0,
	CLI_ERR = 1,       /* the handler printed a message with cli_err() */
};

struct cli_ctx;

/* What a placeholder's type parsed from its token, kept with the
 * argument so that no handler parses it again. */
enum cli_val {
	CLI_V_TEXT = 0,     /* keywords, WORD, STRING, FILE, LINE, LIST */
	CLI_V_NAME,         /* NAME */
	CLI_V_IFNAME,       /* IFNAME */
	CLI_V_ADDR,         /* A.B.C.D, X:X::X:X: val.pfx, full length */
	CLI_V_PREFIX,       /* A.B.C.D/M, X:X::X:X/M, IFADDR4, IFADDR6 */
	CLI_V_NUM,          /* (lo-hi): val.num */
};

struct cli_arg {
	const char *name;
	const char *value;  /* keywords: the full keyword */
	bool kw;            /* a keyword, not a placeholder's value */
	enum cli_val type;
	union {
		long long num;
		struct val_prefix pfx;
	} val;
};

struct cli_args {
	int n;
	struct cli_arg v[CLI_MAX_ARGS];
};

typedef int (*cli_handler)(struct cli_ctx *c, const struct cli_args *a);

enum cli_cmd_flags {
	CLI_F_NOJSON_FLUSH = 1u << 0,  /* handler flushes JSON itself */
	CLI_F_HIDDEN = 1u << 1,        /* not listed by help/completions */
	CLI_F_READONLY = 1u << 2,      /* changes nothing in the lab: runs
					  without the lab lock (every other
					  command takes it) */
	CLI_F_PLAN = 1u << 3,          /* configuration whose backend calls
					  record under a plan (ovtsh/plan.h)
					  instead of acting: "explain" runs
					  no other line */
	CLI_F_SUBLINE = 1u << 4,       /* its LINE is a line of the current
					  mode ("explain LINE"): ? and TAB
					  help with that line */
	CLI_F_SCRIPT = 1u << 5,        /* script structure (set, foreach,
					  source, do): runs in a dry run,
					  which skips other non-CLI_F_PLAN
					  lines */
};

struct cli_cmd {
	const char *syntax;
	const char *help;
	unsigned modes;          /* CLI_M_* bitmask */
	cli_handler handler;
	unsigned flags;          /* enum cli_cmd_flags */
	enum cli_mode enters;    /* the mode it pushes, CLI_MODE_EXEC: none
				    (a forwarded line's, see cli_mode_forward) */
};

/* A command area registers its table (terminated by a zeroed entry) with
 * CLI_TABLE(name); the engine collects all tables from one ELF section,
 * so adding an area touches no central list. */
struct cli_table {
	const char *area;
	const struct cli_cmd *cmds;
};
#define CLI_TABLE(area_, cmds_)                                             \
	static const struct cli_table cli_table_##cmds_ = { area_, cmds_ };   \
	static const struct cli_table *const cli_table_ptr_##cmds_            \
	__attribute__((used, section("ovtsh_cli_tables"))) = &cli_table_##cmds_

/* Arguments, by name. */
const char *cli_arg(const struct cli_args *a, const char *name);
bool cli_arg_has(const struct cli_args *a, const char *name);
/* All values named name (LINE, repeated options), in order; returns count. */
int cli_arg_all(const struct cli_args *a, const char *name,
		const char **vals, int max);
/* Typed values, as the matcher parsed them.  A keyword alone is no value
 * ("no mtu": mtu is absent).  Asking for a type that the argument's
 * placeholder does not have is a bug in the handler: ovtsh aborts,
 * naming the argument. */
/* A range argument; def when absent. */
long long cli_arg_num(const struct cli_args *a, const char *name,
		      long long def);
/* A range argument within 0-4294967295; def when absent. */
uint32_t cli_arg_u32(const struct cli_args *a, const char *name,
		     uint32_t def);
/* An IFNAME (1-15 bytes, fits IFNAMSIZ) or NULL when absent. */
const char *cli_arg_ifname(const struct cli_args *a, const char *name);
/* A NAME or NULL when absent. */
const char *cli_arg_name(const struct cli_args *a, const char *name);
/* A.B.C.D/M, X:X::X:X/M, IFADDR4, IFADDR6 into p; false when absent. */
bool cli_arg_prefix(const struct cli_args *a, const char *name,
		    struct val_prefix *p);
/* A.B.C.D or X:X::X:X into p (len 32 or 128); false when absent. */
bool cli_arg_addr(const struct cli_args *a, const char *name,
		  struct val_prefix *p);
/* A.B.C.D into ip; false when absent (ip untouched). */
bool cli_arg_addr4(const struct cli_args *a, const char *name,
		   struct in_addr *ip);

/* Output of the running command (JSON when the line ended in "json"). */
struct out *cli_out(struct cli_ctx *c);
/* Error for the running line: "% msg" interactively, "FILE:LINE: msg" in
 * batch mode, always on stderr.  Returns CLI_ERR. */
int cli_err(struct cli_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A note that is not an error ("% lab: GRE missing, routing via sc1"). */
void cli_info(struct cli_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An expectation's verdict ("expect ..."), counted for the summary the
 * outermost replay prints ("expect: N passed, M failed"; its exit status
 * is non-zero when one failed).  A failure prints "FILE:LINE:COL: expect
 * failed: " and what (REPL: "% expect failed: ..."); a pass prints
 * nothing, or "% expect passed" when typed.  Returns CLI_OK either way:
 * the replay goes on. */
int cli_expect(struct cli_ctx *c, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Judge an expectation: from cli_expect_begin() until its verdict, an
 * error printed with cli_err() (a node that does not exist, an interface
 * that is down: the lab is not as expected) is the verdict, a failure
 * that says that error.  cli_expect_end(c, rc) with the handler's result
 * returns the handler's: CLI_OK once a verdict was given. */
void cli_expect_begin(struct cli_ctx *c);
int cli_expect_end(struct cli_ctx *c, int rc);
/* Run line as a top-level command (as "do" does: no mode change) with
 * its stdout and stderr, the programs' it starts included, into *buf
 * (malloc'd, NUL-terminated, at most max bytes kept); returns the line's
 * CLI_OK/CLI_ERR, or CLI_ERR after printing why nothing ran. */
int cli_run_captured(struct cli_ctx *c, const char *line, size_t max,
		     char **buf, size_t *len);

/* Look-ahead in a replay, for work that can start before its line runs
 * (a container's create and start): fn(arg, line) for each line after
 * the current one, in order, until fn returns nonzero or max lines were
 * shown; nothing is consumed.  Shows nothing outside a replay or when
 * the script cannot be read twice (a pipe).  Returns how many lines. */
int cli_batch_peek(struct cli_ctx *c, int max,
		   int (*fn)(void *arg, const char *line), void *arg);
/* fn runs when a replay ends (its last line run, or stopped at an
 * error): whatever was started ahead for lines that did not run is
 * undone there.  One hook; a second call replaces it. */
void cli_batch_on_end(struct cli_ctx *c, void (*fn)(void));

/* Modes.  A handler enters a sub-mode with cli_mode_push(); on_exit runs
 * when the level is left (exit, end, parent fallback, end of a script) and
 * may fail with cli_err() (for example a tunnel block that is incomplete). */
typedef int (*cli_exit_fn)(struct cli_ctx *c, void *data);
int cli_mode_push(struct cli_ctx *c, enum cli_mode m, const char *name,
		  cli_exit_fn on_exit, void *data, void (*free_data)(void *));
/* Forwarding: a level whose node is elsewhere (a VM: its guest's own
 * ovtsh) takes, besides its own mode's commands, every line of mode as
 * (the guest's node mode) and has fwd run it there instead of a handler:
 * pre[0..npre) are the lines that entered the forwarded sub-modes below
 * it ("interface eth1"), line[0..len) the line as typed.  A forwarded
 * command with .enters pushes a forwarded level of that mode.  Call it
 * right after cli_mode_push() of the level. */
typedef int (*cli_fwd_fn)(struct cli_ctx *c, void *data,
			  const char *const *pre, int npre, const char *line,
			  size_t len);
void cli_mode_forward(struct cli_ctx *c, enum cli_mode as, cli_fwd_fn fwd);
/* Run lines[0..n) elsewhere, through the forwarder of the nearest
 * forwarding level (a block collected here that is the node's own, as a
 * tunnel block in vm mode): lines[n - 1] as the line, those before it
 * as the lines that entered its modes.  CLI_OK or CLI_ERR; -1 when no
 * level forwards (nothing ran). */
int cli_forward_lines(struct cli_ctx *c, const char *const *lines, int n);
/* An error at column col (0-based) of the running line: "FILE:LINE:COL:"
 * in batch mode, a caret in the REPL.  Returns CLI_ERR. */
int cli_err_col(struct cli_ctx *c, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Can mode m be entered from here?  CLI_OK, or CLI_ERR with the message
 * printed ("do hypervisor X" cannot).  A handler that creates something
 * before cli_mode_push() asks first, so a refusal creates nothing. */
int cli_mode_check(struct cli_ctx *c, enum cli_mode m);
enum cli_mode cli_mode_cur(const struct cli_ctx *c);
/* The name of the innermost level in mode m ("ns1" for CLI_MODE_HV), or
 * NULL when the current stack holds no such level. */
const char *cli_mode_name(const struct cli_ctx *c, enum cli_mode m);
/* The data pushed with the innermost level in mode m. */
void *cli_mode_data(const struct cli_ctx *c, enum cli_mode m);
/* Innermost node level: CLI_MODE_HV, _CT or _VM (name filled), or
 * CLI_MODE_EXEC when not inside a node. */
enum cli_mode cli_mode_node(const struct cli_ctx *c, const char **name);
/* The keyword that enters mode m ("hypervisor"), its node kind's. */
const char *cli_mode_keyword(enum cli_mode m);

/* Run one line as if typed (used by "do", "source", tests). */
int cli_run_line(struct cli_ctx *c, const char *line);

/* Script variables ($NAME, ${NAME}, $((EXPR)) in any word of a line).
 * cli_var_set() prints its error (CLI_ERR); cli_var_define() fills why
 * (-1) and prints nothing, for "-D NAME=VALUE". */
int cli_var_set(struct cli_ctx *c, const char *name, const char *value);
int cli_var_define(struct cli_ctx *c, const char *name, const char *value,
		   char *why, size_t len);
int cli_var_unset(struct cli_ctx *c, const char *name);
/* 0 when name can be a variable's (letters, digits, _; "row.col" for a
 * CSV row's columns), else -1 with why. */
int cli_var_name_check(const char *name, char *why, size_t len);
const char *cli_var_get(struct cli_ctx *c, const char *name);
/* fn for every variable, in definition order; returns their count. */
int cli_var_each(struct cli_ctx *c,
		 void (*fn)(const char *name, const char *val, void *arg),
		 void *arg);

/* A repeated block ("foreach ... endfor"): the lines up to the matching
 * "endfor" are collected, then run once per iteration.  next() binds the
 * iteration's variables (cli_var_set) and describes it in desc ("i=17",
 * named in errors); it returns 1 for an iteration, 0 when done, CLI_ERR
 * (printed) to stop.  The engine owns loop from here: free() ends it. */
struct cli_loop {
	int (*next)(struct cli_ctx *c, struct cli_loop *l, char *desc,
		    size_t len);
	void (*free)(struct cli_loop *l);
};
int cli_block_begin(struct cli_ctx *c, struct cli_loop *loop);
/* Run a script file ("source FILE"); returns 0 when every line succeeded. */
int cli_run_file(struct cli_ctx *c, const char *path);
/* "do CMD": run the running line from its word first (a LINE argument's
 * value) on, as an exec-mode command, staying in the mode.  Columns of
 * errors stay those of the whole line. */
int cli_run_do(struct cli_ctx *c, const char *first);
/* The same in the current mode, which the line may enter or leave as
 * if typed ("explain LINE"; what names the command in errors). */
int cli_run_here(struct cli_ctx *c, const char *first, const char *what);
/* "show diff FILE": replay FILE as --dry-run does (one dry plan, "+"/
 * "~"/"=" per line, the recap), then prune (NULL: none) as --prune
 * does, json: the recap as JSON.  Refused inside a replay. */
int cli_diff_file(struct cli_ctx *c, const char *path,
		  int (*prune)(struct cli_ctx *c), bool json);

/* "QUESTION [confirm]" in the interactive shell, IOS's way: return or
 * y is yes, anything else no.  A replay never asks: yes. */
bool cli_confirm(struct cli_ctx *c, const char *question);

/* "terminal length N": lines per page of the REPL's pager (0: no
 * paging), -1 for the terminal's own rows (the default). */
void cli_term_length_set(struct cli_ctx *c, int n);
/* The page now: rows (0: none) and columns; *pages when this session
 * pages at all (the REPL with a terminal on stdin and stdout, never a
 * replay), *from_tty when the rows are the terminal's (else the
 * "terminal length" or 24). */
int cli_term_rows(const struct cli_ctx *c, int *cols, bool *pages,
		  bool *from_tty);

/* What the shell's own commands (exit, end, help, history) ask of the
 * engine. */
bool cli_in_do(const struct cli_ctx *c);    /* running inside "do" */
/* Leave the innermost mode (its exit hook runs); at the top, end the
 * shell.  CLI_ERR when a hook failed. */
int cli_mode_exit(struct cli_ctx *c);
/* Leave every mode, back to the top. */
int cli_mode_end(struct cli_ctx *c);
/* The commands of the current mode, each with its help, to o. */
void cli_help_commands(struct cli_ctx *c, struct out *o);
/* The lines run in this session, oldest first: how many, and line i. */
int cli_hist_count(const struct cli_ctx *c);
const char *cli_hist_line(const struct cli_ctx *c, int i);

/* Dynamic completion of a placeholder named name ("hv", "ifname", ...):
 * fn adds candidates with cli_complete_add(). */
struct cli_complete;
typedef void (*cli_completer)(struct cli_ctx *c, const struct cli_args *a,
			      struct cli_complete *cc);
struct cli_completer_def {
	const char *name;       /* argument name */
	cli_completer fn;
};
#define CLI_COMPLETER(name_, fn_)                                           \
	static const struct cli_completer_def cli_compl_##fn_ = { name_, fn_ }; \
	static const struct cli_completer_def *const cli_compl_ptr_##fn_      \
	__attribute__((used, section("ovtsh_cli_compl"))) = &cli_compl_##fn_
void cli_complete_add(struct cli_complete *cc, const char *candidate);

/* Common help lines, so the same keyword reads the same everywhere. */
#define H_NO      "Negate a command or set its defaults\n"
#define H_SHOW    "Show running system information\n"
#define H_JSON    "Output in JSON\n"
#define H_ALL     "Every lab's, with a Lab column (default: this lab's)\n"
#define H_HV      "A hypervisor: a network namespace\n"
#define H_HVNAME  "Hypervisor (namespace) name\n"
#define H_CT      "A Docker container\n"
#define H_CTNAME  "Container name\n"
#define H_VM      "A VM: a qemu guest driven by its own ovtsh\n"
#define H_VMNAME  "VM name\n"
#define H_HOST    "The host's own network namespace\n"
#define H_IF      "Select an interface to configure\n"
#define H_IFNAME  "Interface name (1-15 bytes)\n"
#define H_BRIDGE  "A Linux bridge\n"
#define H_BRNAME  "Bridge name (1-15 bytes)\n"
#define H_ADDRESS "An IP address\n"
/* an interface's own address: IFADDR4, IFADDR6 */
#define H_V4PFX   "IPv4 address with prefix length, A.B.C.D/M (unicast)\n"
#define H_V6PFX   "IPv6 address with prefix length, X:X::X:X/M (unicast)\n"

#endif
