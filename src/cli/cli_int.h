/* cli_int.h - the engine's internal interfaces (src/cli/ only, and the
 * engine's unit tests).  Commands see include/ovtsh/cli.h alone. */
#ifndef OVTSH_CLI_INT_H
#define OVTSH_CLI_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "ovtsh/cli.h"
#include "ovtsh/lab_lock.h"
#include "ovtsh/outpipe.h"

/* ---- lexer (lex.c) ---- */
#define LEX_MAX_TOKENS 128

struct lex_tok {
	char *text;        /* unquoted text (points into lex_line.buf) */
	int col;           /* 0-based column of the token's first byte */
	bool quoted;
};

struct lex_line {
	char buf[CLI_MAX_LINE + 1];
	struct lex_tok tok[LEX_MAX_TOKENS];
	int n;
	bool trailing_space;   /* line ends in blank: next token is new */
	bool help;             /* line ended in an unquoted '?' */
	bool open_quote;       /* error: the line ends inside a quote */
	int err_col;           /* on error: column for the caret */
	char err[128];         /* on error: message */
};

/* Split line into tokens.  Strips comments ("!" or "#" at the start or
 * after a blank) and a trailing '?'.  Returns 0, or -1 with err set. */
int lex_split(const char *line, size_t len, struct lex_line *out);
/* Quote a token for re-parsing (do, history, running-config). */
void lex_quote(const char *tok, char *buf, size_t len);
/* Where an output filter starts: the first '|' outside quotes and
 * comments, or -1. */
int lex_pipe_at(const char *line, size_t len);

/* ---- placeholder types (types.c) ---- */
struct gnode;
struct cli_type {
	const char *name;       /* "A.B.C.D", "(lo-hi)" for ranges */
	const char *argname;    /* default argument name */
	int rank;               /* preference when several match: higher */
	/* NULL when tok is valid (its parsed value in out->type and
	 * out->val), else a message in why */
	const char *(*check)(const struct gnode *g, const char *tok,
			     struct cli_arg *out, char *why, size_t len);
};
const struct cli_type *type_find(const char *text);   /* NULL: unknown */
bool type_is_placeholder(const char *text);           /* looks like one */

/* ---- grammar (grammar.c) ---- */
enum gkind { G_KW, G_VAR, G_SEQ, G_ALT, G_OPT, G_ANY };

struct gnode {
	enum gkind kind;
	char *text;                 /* keyword, or placeholder as written */
	char *name;                 /* argument name */
	const char *help;           /* help line (owned by the command) */
	const struct cli_type *type;
	long long lo, hi;           /* ranges */
	struct gnode **kids;
	int nkids;
};

struct gcmd {
	const struct cli_cmd *def;
	const char *area;
	struct gnode *root;         /* a G_SEQ */
	char *helpbuf;              /* split help lines */
};

/* Compile one definition.  Returns NULL with why filled on a syntax error
 * or a help mismatch (the lint's checks). */
struct gcmd *grammar_compile(const struct cli_cmd *def, const char *area,
			     char *why, size_t len);
void grammar_free(struct gcmd *g);
/* All registered commands, compiled once. */
struct gcmd *const *grammar_all(int *n);
/* Lint a set of definitions (NULL-terminated table) against each other
 * and the registered ones; prints problems to fp, returns their count. */
int grammar_lint(FILE *fp);
int grammar_lint_table(const struct cli_cmd *tab, FILE *fp);

/* ---- matcher (match.c) ---- */
#define MATCH_MAX_CAND 256

struct match_cand {            /* one possible next token, for ? and TAB */
	const struct gnode *g;
	const struct gcmd *cmd;
};

struct match_result {
	const struct gcmd *cmd;     /* the chosen command, NULL if none */
	struct cli_args args;
	const struct gcmd *amb[8];  /* tied best matches when ambiguous */
	int namb;
	int fail_tok;               /* first token nothing could consume */
	char why[160];              /* a type's reason at fail_tok, if any */
	int amb_tok;                /* token with ambiguous prefixes, or -1 */
	const char *amb_kw[16];
	int namb_kw;
	bool complete_here;         /* tokens form a complete command */
	bool need_more;             /* some command wants more tokens */
	struct match_cand cand[MATCH_MAX_CAND];
	int ncand;                  /* next-token candidates after the tokens */
};

/* Match tokens tok[0..n) against the commands valid in mode.  With
 * want_cand, collect candidates for token n (help/TAB). */
void match_line(const struct lex_line *l, int n, enum cli_mode mode,
		bool want_cand, struct match_result *r);
/* The same, the candidates only of commands whose flags include need
 * (help on the line "explain" takes: CLI_F_PLAN). */
void match_line_cands(const struct lex_line *l, int n, enum cli_mode mode,
		      bool want_cand, unsigned need, struct match_result *r);
/* ---- did you mean (suggest.c) ---- */
/* Edit distance of a and b, case-insensitive, a swap of two adjacent
 * letters one edit (optimal string alignment). */
int cli_edit_distance(const char *a, const char *b);
/* buf gets " (did you mean 'show'?)": the keywords nearest to token pos
 * among those the modes the line was tried in accept there, or "". */
void cli_suggest(const struct cli_ctx *c, const struct lex_line *l, int pos,
		 char *buf, size_t len);

/* Does keyword/placeholder g accept a partial token prefix (for ? and
 * TAB on an unfinished word)? */
bool match_cand_accepts(const struct gnode *g, const char *prefix);

/* ---- output filters after '|' (filter.c) ---- */
struct cli_filter {
	struct outpipe_spec spec;
	char regex[CLI_MAX_LINE + 1];
};
/* Parse line[at+1..len), the text after the '|' at offset at: 0, or
 * CLI_ERR with the error printed (a caret under the bad word). */
int filter_parse(struct cli_ctx *c, const char *line, size_t at, size_t len,
		 struct cli_filter *f);
/* '?' after the '|': what may come next there, to fp. */
void filter_help(const char *after, FILE *fp);
/* TAB after the '|': the filters' keywords that start the unfinished
 * word; *word_start is that word's offset in after. */
int filter_complete(const char *after, void (*fn)(const char *, void *),
		    void *arg, int *word_start);

/* ---- modes (mode.c) ---- */
struct mode_def {
	enum cli_mode mode;
	const char *name;           /* "hypervisor" */
	const char *prompt;         /* "tun:%s"; NULL: the node kind's prefix */
	unsigned parents;           /* modes this one may sit under */
};
const struct mode_def *mode_def(enum cli_mode m);

#define CLI_MAX_DEPTH 8

struct cli_level {
	enum cli_mode mode;
	char name[64];
	cli_exit_fn on_exit;
	void *data;
	void (*free_data)(void *);
	cli_fwd_fn fwd;             /* cli_mode_forward(): lines of fwd_mode */
	enum cli_mode fwd_mode;     /*   are run elsewhere by fwd */
	char *fwd_line;             /* a forwarded level: the line that
				       entered it (fwd NULL) */
};

/* ---- context (engine.c) ---- */
#define CLI_HIST_MAX 500

struct cli_ctx {
	struct cli_level lvl[CLI_MAX_DEPTH];
	int depth;                  /* lvl[0] is exec, always present */
	struct out *out;            /* the running command's emitter */
	FILE *outfp;                /* its stream: a filter's, or NULL
				       (stdout) */
	struct outpipe_pager pager; /* the REPL's for the line it runs
				       (rows 0: no paging) */
	int term_len;               /* "terminal length": -1 the
				       terminal's rows */
	bool batch;                 /* errors as FILE:LINE: */
	bool echo;                  /* -x */
	bool screen;                /* -i: errors as in the REPL */
	bool force;                 /* -k: go on after errors */
	bool quit;                  /* exit from exec mode / EOF */
	bool in_do;                 /* running "do CMD": no mode changes */
	/* the line being run: the whole line as typed (an error's column
	 * and caret are within it), where the running part starts in it
	 * (after "do"), and its tokens ("do" finds where its LINE starts) */
	const char *run_whole;
	size_t run_whole_len;
	int run_base;
	const struct lex_line *run_lex;
	/* a line with $variables runs expanded: colmap[i] is the column in
	 * src_whole (as typed) of the expanded line's byte i */
	const char *src_whole;
	size_t src_whole_len;
	const int *colmap;
	size_t colmap_len;
	struct cli_script *script;  /* variables and blocks (script.c) */
	const char *file;           /* batch: current file name */
	int line;                   /* batch: current line number */
	int src_depth;              /* nested "source" */
	struct batch_src *src;      /* the replay's lines (cli_batch_peek) */
	void (*batch_end)(void);    /* cli_batch_on_end */
	char *hist[CLI_HIST_MAX];   /* lines run, oldest first (ring) */
	int nhist, hist_head;
	struct cli_complete *cc;    /* completion in progress */
	void *repl;                 /* libedit state when interactive */
	/* the lab lock (ovtsh/lab_lock.h), taken by the first change; kept
	 * until the replay (script, -c, source) that took it ends, else
	 * until the command ends */
	bool locked;
	struct lab_lock lock;
	int lock_scope;             /* replays running now */
	int lock_level;             /* lock_scope when it was taken */
	bool lock_gave_up;          /* waited in vain in this replay (-k):
				       the next lines do not wait again */
	/* expectations judged in the outermost replay, or in the REPL */
	int expect_pass, expect_fail;
	bool expect_judging;        /* between cli_expect_begin and _end */
	bool expect_judged;         /* ... and the verdict was given */
	/* what a replay changed (recap.c) */
	bool recap_on;              /* batch runs keep a recap */
	bool recap_always;          /* print it whatever ran */
	bool recap_scripts;         /* print it after a script that configured */
	bool recap_json;            /* --json: as JSON, the last stdout line */
	bool dry;                   /* --dry-run: one dry plan, skip the rest */
	bool recap_changed;         /* the last recap: something changed */
	bool line_config;           /* the script line ran a CLI_F_PLAN one */
	int (*prune)(struct cli_ctx *c);   /* --prune: after the replay */
	struct cli_recap *recap;
};

void cli_ctx_init(struct cli_ctx *c);
void cli_ctx_fini(struct cli_ctx *c);  /* pops every level */
const char *cli_prompt(const struct cli_ctx *c, char *buf, size_t len);
/* Pop levels down to depth d (running on_exit hooks); CLI_ERR if a hook
 * failed. */
int cli_mode_pop_to(struct cli_ctx *c, int d);
/* Drop levels down to depth d without running their exit hooks. */
void cli_mode_discard_to(struct cli_ctx *c, int d);
void cli_hist_add(struct cli_ctx *c, const char *line);
/* Run a line of len bytes (may hold NULs, which are refused). */
int cli_run_buf(struct cli_ctx *c, const char *line, size_t len);
/* Print the help listing for a line ending in '?' (without the '?'). */
void cli_help_line(struct cli_ctx *c, const char *line, FILE *fp);
/* Candidates for TAB on line; calls fn for each (sorted, unique). */
int cli_complete_line(struct cli_ctx *c, const char *line,
		      void (*fn)(const char *cand, void *arg), void *arg,
		      int *word_start);
/* Errors as FILE:LINE:COL (a script), not the REPL's caret. */
bool cli_file_errors(const struct cli_ctx *c);
/* Error with caret/column at token column col (-1: none). */
int cli_err_at(struct cli_ctx *c, const char *line, int col,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A replay begins (true) or ends (false): the lab lock taken inside
 * it is kept until it ends. */
void cli_lock_scope(struct cli_ctx *c, bool begin);

/* ---- what a replay changed (recap.c) ---- */
struct cli_recap;
/* The outermost replay begins: one plan (dry with c->dry, else a
 * journal) for all its lines, when c->recap_on. */
void recap_begin(struct cli_ctx *c);
/* After a script line (text[0..len)) ran, ok or not: its actions. */
void recap_line(struct cli_ctx *c, const char *text, size_t len, bool ok);
/* A dry run meets a line that is not configuration: said once a word. */
int recap_skip(struct cli_ctx *c, const char *word);
/* Print the recap, free it; true when something changed or was removed
 * (also in c->recap_changed). */
bool recap_end(struct cli_ctx *c);

/* ---- variables and blocks (script.c) ---- */
struct cli_script;
void script_free(struct cli_ctx *c);
/* Expand $NAME, ${NAME} and $((EXPR)) in line[0..len) into out[size],
 * map[i] the source column of out[i] (map[len] too: size+1 ints).
 * Returns the expanded length, or -1 with *ecol (or -1) and why. */
ssize_t script_expand(const struct cli_script *s, const char *line,
		      size_t len, char *out, size_t size, int *map, int *ecol,
		      char *why, size_t wlen);
/* Is a foreach block being collected?  Then script_collect() takes the
 * line (the block runs at its endfor). */
bool script_collecting(const struct cli_ctx *c);
int script_collect(struct cli_ctx *c, const char *line, size_t len);
/* A block that was never closed (end of a script, Ctrl-C): dropped with
 * an error at its foreach line; CLI_OK when none was open. */
int script_abandon(struct cli_ctx *c);
/* "i=17, row=3" while block iterations run, else NULL. */
const char *script_iter(const struct cli_ctx *c);
/* ---- expectations (expect.c) ---- */
/* While an expectation is judged, an error is its failure: printed as
 * one (fmt, ap: the error) and true; else false. */
bool expect_take_error(struct cli_ctx *c, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* ---- REPL and batch (repl.c, batch.c) ---- */
int repl_run(struct cli_ctx *c);
/* Replay fp as a script named name; returns 0 if every line succeeded. */
int batch_run(struct cli_ctx *c, FILE *fp, const char *name);
/* The same for lines given as strings ("-c CMD ..."). */
int batch_run_lines(struct cli_ctx *c, const char *const *lines, int n,
		    const char *name);

/* ---- shell completions (gencompl.c) ---- */
int gencompl_print(const char *shell, FILE *fp);

#endif
