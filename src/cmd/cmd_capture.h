/* cmd_capture.h - what cmd_capture.c (the capture lines) and cmd_capbg.c
 * (background captures: show, no, clear) share. */
#ifndef OVTSH_CMD_CAPTURE_H
#define OVTSH_CMD_CAPTURE_H

#include "ovtsh/capture.h"
#include "ovtsh/cmd.h"

#define H_CAP_DETAIL \
	"Every layer's header and fields, as tcpdump -nn -e -v prints them\n"

/* The summary line of a capture that ended. */
void cmd_capture_summary(struct cli_ctx *c, const struct cap_stats *st);
/* Start opts in the background and say so ("% capture 1 started on
 * ..."); CLI_OK or CLI_ERR. */
int cmd_capture_bg(struct cli_ctx *c, const struct cap_opts *opts);

#endif
