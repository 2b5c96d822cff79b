/* err.h - error values shared by every backend.
 *
 * Backends return 0 or -errno and fill a struct ovt_err with the best text
 * available (kernel extack, Docker's "message", pcap_geterr()).  Only the
 * command layer prints it.
 */
#ifndef OVTSH_ERR_H
#define OVTSH_ERR_H

#include <stdarg.h>
#include <stdbool.h>

#define OVT_ERR_MSG 512

struct ovt_err {
	int code;                  /* positive errno, 0 when unset */
	char msg[OVT_ERR_MSG];     /* one line, no trailing newline */
};

/* Record code and message; returns -code so callers can
 * "return ovt_err_set(e, EINVAL, ...)".  e may be NULL. */
int ovt_err_set(struct ovt_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ovt_err_vset(struct ovt_err *e, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Prefix an existing message: "creating br1: <old message>". */
int ovt_err_prefix(struct ovt_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ovt_err_clear(struct ovt_err *e);

/* Another ovtsh's batch output ("ovtsh -c ... -c ...", run in a node
 * with its own ovtsh, or for a remote trace), read back.  An error line
 * "-c:N:COL: msg" or "-c:N: msg" -> n, col (0: none) and msg (in l),
 * also a dry run's action lines ("-c:N: + ip ...", "-c:(end of file):
 * + ..." with n 0); -EINVAL for any other line (a note). */
int ovt_err_line_parse(const char *l, int *n, int *col, const char **msg);
/* Its recap line ("N changed, ...", "dry run: N changed, ...")? */
bool ovt_err_recap_line(const char *l);

#endif
