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
