/* err.c - error values (see include/ovtsh/err.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ovtsh/err.h"

int ovt_err_vset(struct ovt_err *e, int code, const char *fmt, va_list ap)
{
	if (code < 0)
		code = -code;
	if (code == 0)
		code = EINVAL;
	if (e) {
		e->code = code;
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	}
	return -code;
}

int ovt_err_set(struct ovt_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ovt_err_vset(e, code, fmt, ap);
	va_end(ap);
	return r;
}

int ovt_err_prefix(struct ovt_err *e, const char *fmt, ...)
{
	char head[OVT_ERR_MSG], old[OVT_ERR_MSG];
	va_list ap;

	if (!e)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	snprintf(e->msg, sizeof(e->msg), "%.200s: %.300s", head, old);
	return e->code ? -e->code : -EINVAL;
}

void ovt_err_clear(struct ovt_err *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}

/* ---- another ovtsh's batch output ---- */

/* A decimal of 1-9 digits at *p, advanced past it; -1 when none. */
static int err_num(const char **p)
{
	int v = 0, k = 0;

	while (**p >= '0' && **p <= '9' && k < 9) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k ? v : -1;
}

int ovt_err_line_parse(const char *l, int *n, int *col, const char **msg)
{
	const char *p = l + 3;

	if (!strncmp(l, "-c:(", 4) && strchr(l, ')') &&
	    strchr(l, ')')[1] == ':') {
		p = strchr(l, ')') + 1;     /* "(end of file)": no line */
		*n = 0;
	} else if (strncmp(l, "-c:", 3) || (*n = err_num(&p)) < 0 || *p != ':')
		return -EINVAL;
	p++;
	*col = 0;
	if (*p >= '0' && *p <= '9') {
		*col = err_num(&p);
		if (*col < 0 || *p != ':')
			return -EINVAL;
		p++;
	}
	*msg = p + (*p == ' ');
	return 0;
}

bool ovt_err_recap_line(const char *l)
{
	const char *p = l;

	if (!strncmp(p, "dry run: ", 9))
		p += 9;
	return err_num(&p) >= 0 && !strncmp(p, " changed, ", 10);
}
