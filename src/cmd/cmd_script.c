/* cmd_script.c - variables and ranges: "set", "foreach ... endfor",
 * "show variables".  The engine expands and repeats (src/cli/script.c);
 * this file parses what a loop runs over: a range "1..50", a list
 * "a,b,c", or the rows of a CSV file bound by its header's names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/cli.h"
#include "ovtsh/csv.h"
#include "ovtsh/err.h"
#include "ovtsh/value.h"

#define LOOP_MAX_ITER 1000000      /* a typo's "1..1000000000" stops here */
#define LOOP_BOUND    1000000000000LL

static int cmd_set(struct cli_ctx *c, const struct cli_args *a)
{
	if (cli_arg_has(a, "no"))
		return cli_var_unset(c, cli_arg(a, "name"));
	return cli_var_set(c, cli_arg(a, "name"), cli_arg(a, "value"));
}

/* ---- foreach VAR in A..B | a,b,c ---- */

struct loop_words {
	struct cli_loop base;
	char var[64];
	bool range;
	long long lo, hi, cur;
	long long done, count;
	char *list, *next;         /* a list: the words left */
};

static int lw_next(struct cli_ctx *c, struct cli_loop *l, char *desc,
		   size_t len)
{
	struct loop_words *w = (struct loop_words *)l;
	char val[32];
	const char *v = val;

	if (w->range) {
		if (w->done == w->count)
			return 0;
		snprintf(val, sizeof(val), "%lld",
			 w->lo <= w->hi ? w->lo + w->done : w->lo - w->done);
		w->done++;
	} else {
		char *comma;

		if (!w->next)
			return 0;
		v = w->next;
		comma = strchr(w->next, ',');
		if (comma)
			*comma = '\0';
		w->next = comma ? comma + 1 : NULL;
	}
	snprintf(desc, len, "%s=%s", w->var, v);
	return cli_var_set(c, w->var, v) == CLI_OK ? 1 : CLI_ERR;
}

static void lw_free(struct cli_loop *l)
{
	struct loop_words *w = (struct loop_words *)l;

	free(w->list);
	free(w);
}

/* "A..B" with integers A and B: 1 and the bounds; 0 when not a range
 * (no ".."), -1 when a bad one (e says why). */
static int parse_range(const char *s, long long *lo, long long *hi,
		       struct ovt_err *e)
{
	const char *dots = strstr(s, "..");
	char first[32];

	if (!dots)
		return 0;
	if ((size_t)(dots - s) >= sizeof(first))
		return ovt_err_set(e, ERANGE, "'%s' is out of range", s);
	memcpy(first, s, (size_t)(dots - s));
	first[dots - s] = '\0';
	if (val_range(first, -LOOP_BOUND, LOOP_BOUND, lo, e) < 0 ||
	    val_range(dots + 2, -LOOP_BOUND, LOOP_BOUND, hi, e) < 0)
		return -1;
	return 1;
}

static int cmd_foreach_words(struct cli_ctx *c, const char *var,
			     const char *vals)
{
	struct loop_words *w = calloc(1, sizeof(*w));
	struct ovt_err e = { 0 };
	int r;

	if (!w)
		return cli_err(c, "out of memory");
	w->base.next = lw_next;
	w->base.free = lw_free;
	snprintf(w->var, sizeof(w->var), "%s", var);
	r = parse_range(vals, &w->lo, &w->hi, &e);
	if (r < 0) {
		free(w);
		return cli_err(c, "foreach: invalid range '%s' (FIRST..LAST, "
			       "integers): %s", vals, e.msg);
	}
	if (r > 0) {
		w->range = true;
		w->count = (w->lo <= w->hi ? w->hi - w->lo : w->lo - w->hi) + 1;
		if (w->count <= 0 || w->count > LOOP_MAX_ITER) {
			free(w);
			return cli_err(c, "foreach: '%s' is more than %d "
				       "iterations", vals, LOOP_MAX_ITER);
		}
	} else {
		if (val_list(vals, &e) < 0) {
			free(w);
			return cli_err(c, "foreach: %s", e.msg);
		}
		w->list = w->next = strdup(vals);
		if (!w->list) {
			free(w);
			return cli_err(c, "out of memory");
		}
	}
	return cli_block_begin(c, &w->base);
}

/* ---- foreach VAR in csv FILE ---- */

struct loop_csv {
	struct cli_loop base;
	char var[64];
	char file[256];
	FILE *fp;
	struct csv csv;
	int ncol;
	char (*col)[64];           /* "row.name" for each column */
	long long row;
};

static int lc_next(struct cli_ctx *c, struct cli_loop *l, char *desc,
		   size_t len)
{
	struct loop_csv *lc = (struct loop_csv *)l;
	struct ovt_err e = { 0 };
	char num[32];
	int r;

	r = csv_read(&lc->csv, &e);
	if (r < 0)
		return cli_err(c, "csv '%s': %s", lc->file, e.msg);
	if (r == 0)
		return 0;
	snprintf(desc, len, "%s:%d", lc->file, lc->csv.line);
	if (lc->csv.nfield != lc->ncol)
		return cli_err(c, "csv '%s': line %d has %d fields, the header "
			       "%d", lc->file, lc->csv.line, lc->csv.nfield,
			       lc->ncol);
	snprintf(num, sizeof(num), "%lld", ++lc->row);
	if (cli_var_set(c, lc->var, num) != CLI_OK)
		return CLI_ERR;
	for (int i = 0; i < lc->ncol; i++)
		if (cli_var_set(c, lc->col[i], lc->csv.field[i]) != CLI_OK)
			return CLI_ERR;
	return 1;
}

static void lc_free(struct cli_loop *l)
{
	struct loop_csv *lc = (struct loop_csv *)l;

	csv_fini(&lc->csv);
	if (lc->fp)
		fclose(lc->fp);
	free(lc->col);
	free(lc);
}

static int cmd_foreach_csv(struct cli_ctx *c, const char *var,
			   const char *file)
{
	struct loop_csv *lc = calloc(1, sizeof(*lc));
	struct ovt_err e = { 0 };
	char why[160];
	int r;

	if (!lc)
		return cli_err(c, "out of memory");
	lc->base.next = lc_next;
	lc->base.free = lc_free;
	snprintf(lc->var, sizeof(lc->var), "%s", var);
	snprintf(lc->file, sizeof(lc->file), "%s", file);
	lc->fp = fopen(file, "re");
	if (!lc->fp) {
		r = errno;
		lc_free(&lc->base);
		return cli_err(c, "cannot open '%s': %s", file, strerror(r));
	}
	csv_init(&lc->csv, lc->fp);
	r = csv_read(&lc->csv, &e);
	if (r <= 0) {
		lc_free(&lc->base);
		return cli_err(c, "csv '%s': %s", file,
			       r ? e.msg : "empty: no header line");
	}
	lc->ncol = lc->csv.nfield;
	lc->col = calloc((size_t)lc->ncol, sizeof(*lc->col));
	if (!lc->col) {
		lc_free(&lc->base);
		return cli_err(c, "out of memory");
	}
	for (int i = 0; i < lc->ncol; i++) {
		snprintf(lc->col[i], sizeof(lc->col[i]), "%s.%s", var,
			 lc->csv.field[i]);
		if (strlen(var) + 1 + strlen(lc->csv.field[i]) >=
		    sizeof(lc->col[i]) ||
		    cli_var_name_check(lc->col[i], why, sizeof(why)) < 0) {
			cli_err(c, "csv '%s': column '%s' cannot name a "
				"variable (letters, digits and _)", file,
				lc->csv.field[i]);
			lc_free(&lc->base);
			return CLI_ERR;
		}
	}
	return cli_block_begin(c, &lc->base);
}

static int cmd_foreach(struct cli_ctx *c, const struct cli_args *a)
{
	const char *var = cli_arg(a, "var");
	char why[160];

	if (cli_in_do(c))
		return cli_err(c, "\"do foreach\": a block is typed in its "
			       "mode, without do");
	if (cli_var_name_check(var, why, sizeof(why)) < 0 || strchr(var, '.'))
		return cli_err(c, "foreach: %s", strchr(var, '.') ?
			       "a loop variable has no '.'" : why);
	if (cli_arg_has(a, "csv"))
		return cmd_foreach_csv(c, var, cli_arg(a, "file"));
	return cmd_foreach_words(c, var, cli_arg(a, "values"));
}

static int cmd_endfor(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	/* a block's own endfor never gets here: the engine takes it */
	return cli_err(c, "endfor without foreach");
}

static void show_var(const char *name, const char *val, void *arg)
{
	struct out *o = arg;

	out_obj_begin(o, NULL);
	out_str(o, "name", "%-20s ", name);
	out_str(o, "value", "%s\n", val);
	out_obj_end(o);
}

static int cmd_show_variables(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);

	(void)a;
	out_text(o, "%-20s %s\n", "Name", "Value");
	out_arr_begin(o, NULL);
	cli_var_each(c, show_var, o);
	out_arr_end(o);
	return CLI_OK;
}

#define M_ALL (CLI_M_EXEC | CLI_M_HV | CLI_M_CT | CLI_M_TUN | CLI_M_IF)

static const struct cli_cmd cmd_script_cmds[] = {
	{
		.syntax = "set WORD$name WORD$value",
		.help = "Set a variable, used as $NAME, ${NAME}, $((NAME+1))\n"
			"Variable name\n"
			"Its value\n",
		.modes = M_ALL,
		.handler = cmd_set,
		.flags = CLI_F_READONLY | CLI_F_SCRIPT,
	},
	{
		.syntax = "no set WORD$name",
		.help = H_NO "Remove a variable\nVariable name\n",
		.modes = M_ALL,
		.handler = cmd_set,
		.flags = CLI_F_READONLY | CLI_F_SCRIPT,
	},
	{
		.syntax = "foreach WORD$var in < csv FILE | WORD$values >",
		.help = "Repeat the lines up to endfor, once per value\n"
			"Loop variable\n"
			"Values follow\n"
			"The rows of a CSV file: $VAR.COLUMN by its header\n"
			"CSV file (the first line names the columns)\n"
			"FIRST..LAST (integers) or a list a,b,c\n",
		.modes = M_ALL,
		.handler = cmd_foreach,
		.flags = CLI_F_READONLY | CLI_F_SCRIPT,
	},
	{
		.syntax = "endfor",
		.help = "End a foreach block (and run it)\n",
		.modes = M_ALL,
		.handler = cmd_endfor,
		.flags = CLI_F_READONLY | CLI_F_SCRIPT,
	},
	{
		.syntax = "show variables [json]",
		.help = H_SHOW "Script variables (set, foreach, -D)\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_variables,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};
CLI_TABLE("script", cmd_script_cmds);
