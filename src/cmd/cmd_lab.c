/* cmd_lab.c - the lab as a whole: show running-config, write, clear lab.
 *
 * The running-config is generated from live state by the command areas'
 * writers (cmd_runconf.h), phase by phase, so replaying it on a clean
 * host rebuilds the lab.  "clear lab" asks every backend area
 * (ovtsh/lab.h) to remove what carries the lab's tag, in their order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_runconf.h"
#include "ovtsh/lab.h"
#include "ovtsh/safefile.h"

extern const struct lab_area *const __start_ovtsh_lab_areas[]
	__attribute__((weak));
extern const struct lab_area *const __stop_ovtsh_lab_areas[]
	__attribute__((weak));

static int lab_areas(const struct lab_area **v, int max)
{
	int n = 0;

	for (const struct lab_area *const *a = __start_ovtsh_lab_areas;
	     a && a < __stop_ovtsh_lab_areas && n < max; a++)
		v[n++] = *a;
	/* a stable order: by the area's order, then name */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && (v[j]->order < v[j - 1]->order ||
		     (v[j]->order == v[j - 1]->order &&
		      strcmp(v[j]->name, v[j - 1]->name) < 0)); j--) {
			const struct lab_area *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n;
}

/* Write the running-config to fp; 0 or -errno with e filled. */
static int lab_runconf(FILE *fp, struct ovt_err *e)
{
	struct cmd_rc w;

	cmd_rc_init(&w, fp);
	return cmd_runconf_write(&w, e);
}

static int cmd_lab_show_runconf(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	struct ovt_err e = { 0 };
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int r;

	(void)a;
	if (!fp)
		return cli_err(c, "out of memory");
	r = lab_runconf(fp, &e);
	fclose(fp);
	if (r < 0) {
		free(buf);
		return cmd_fail(c, &e);
	}
	out_obj_begin(o, NULL);
	out_str(o, "lab", NULL, lab_name());
	out_arr_begin(o, "lines");
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		out_str(o, NULL, "%s\n", line);
	out_arr_end(o);
	out_obj_end(o);
	free(buf);
	return CLI_OK;
}

static int cmd_lab_write(struct cli_ctx *c, const struct cli_args *a)
{
	struct ovt_err e = { 0 };
	struct sfile f;

	/* a failure keeps the old file (ovtsh/safefile.h) */
	if (sfile_open(&f, cli_arg(a, "file"), 0666, &e) < 0)
		return cmd_fail(c, &e);
	if (lab_runconf(f.fp, &e) < 0) {
		sfile_abort(&f);
		return cmd_fail(c, &e);
	}
	if (sfile_commit(&f, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

/* What clear would remove, by kind, added to n; CLI_ERR after saying
 * why an area could not count. */
static int lab_count(struct cli_ctx *c, const struct lab_area *const *v,
		     int na, int n[LAB_K_COUNT])
{
	int rc = CLI_OK;

	for (int i = 0; i < na; i++) {
		struct ovt_err e = { 0 };

		if (v[i]->count && v[i]->count(n, &e) < 0)
			rc = cli_err(c, "clear lab: %s: %s", v[i]->name, e.msg);
	}
	return rc;
}

/* "2 hypervisors, 1 tunnel" for the kinds with any; the total. */
static int lab_count_str(const int n[LAB_K_COUNT], char *buf, size_t len)
{
	size_t o = 0;
	int total = 0;

	buf[0] = '\0';
	for (int k = 0; k < LAB_K_COUNT; k++) {
		if (!n[k] || o >= len)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%d %s",
				      o ? ", " : "", n[k],
				      lab_kind_noun((enum lab_kind)k, n[k]));
		total += n[k];
	}
	return total;
}

/* Count, ask in the REPL (not with "force"), clear every area in its
 * order, then say what went: what was there, or when an area failed,
 * what is no longer there. */
static int cmd_lab_clear(struct cli_ctx *c, const struct cli_args *a)
{
	const struct lab_area *v[32];
	int na = lab_areas(v, 32), rc = CLI_OK, total;
	int before[LAB_K_COUNT] = { 0 }, after[LAB_K_COUNT] = { 0 };
	char what[256], q[400];

	if (lab_count(c, v, na, before) != CLI_OK)
		return CLI_ERR;
	total = lab_count_str(before, what, sizeof(what));
	snprintf(q, sizeof(q), "Clear lab '%s' (%d object%s: %s)?",
		 lab_name(), total, total == 1 ? "" : "s", what);
	/* nothing counted: no question, but the clears still run (they
	 * also finish what a killed creation left, which is no object) */
	if (total && !cli_arg_has(a, "force") && !cli_confirm(c, q))
		return CLI_OK;
	for (int i = 0; i < na; i++) {
		struct ovt_err e = { 0 };

		/* go on after a failure: remove as much as possible */
		if (v[i]->clear && v[i]->clear(&e) < 0)
			rc = cli_err(c, "clear lab: %s: %s", v[i]->name, e.msg);
	}
	if (rc != CLI_OK && lab_count(c, v, na, after) == CLI_OK)
		for (int k = 0; k < LAB_K_COUNT; k++)
			before[k] = before[k] > after[k] ? before[k] - after[k]
							 : 0;
	if (lab_count_str(before, what, sizeof(what)))
		out_text(cli_out(c), "Removed %s\n", what);
	else if (rc == CLI_OK)
		cli_info(c, "lab '%s' had nothing to clear", lab_name());
	return rc;
}

static const struct cli_cmd cmd_lab_cmds[] = {
	{
		.syntax = "show running-config [json]",
		.help = H_SHOW "The lab as a script that rebuilds it\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_lab_show_runconf,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "write FILE",
		.help = "Save the running-config to a file\n"
			"File name\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_lab_write,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "clear lab [force]",
		.help = "Remove things\n"
			"Everything this lab created (and nothing else)\n"
			"Without asking [confirm] first\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_lab_clear,
	},
	{ 0 }
};

CLI_TABLE("lab", cmd_lab_cmds);
