/* ovtd_deadsock.c - leave a unix socket file that nobody listens on, the
 * state a crashed daemon leaves behind (connect() gets ECONNREFUSED).
 *   ovtd_deadsock PATH
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: ovtd_deadsock PATH\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;       /* exit closes it; the file stays */
}
