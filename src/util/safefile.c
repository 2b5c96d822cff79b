/* safefile.c - write files without following planted links and without
 * losing the old file on an error (see include/ovtsh/safefile.h).
 *
 * Everything happens relative to one descriptor of the target's directory,
 * so the temporary, the checks and the rename all see the same directory
 * even if the path is changed under us meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovtsh/safefile.h"

#define SFILE_TRIES 16

static int sfile_fail(struct sfile *f, struct ovt_err *e, int err,
		      const char *what)
{
	int code = err ? err : EIO;

	sfile_abort(f);
	return ovt_err_set(e, code, "%s '%s': %s", what, f->path,
			   strerror(code));
}

/* Split path into its directory (opened) and its last name. */
static int sfile_dir(struct sfile *f, const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char dir[4096];

	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return EISDIR;
	if (strlen(base) >= sizeof(f->base))
		return ENAMETOOLONG;
	strcpy(f->base, base);
	if (!slash)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else if ((size_t)(slash - path) >= sizeof(dir))
		return ENAMETOOLONG;
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	f->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return f->dirfd < 0 ? errno : 0;
}

/* A device or fifo: open it (never through a link) and write in place. */
static int sfile_open_in_place(struct sfile *f)
{
	struct stat st;

	f->in_place = true;
	f->fd = openat(f->dirfd, f->base,
		       O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (f->fd < 0)
		return errno;
	if (fstat(f->fd, &st) < 0)
		return errno;
	/* replaced by something else between the look and the open */
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
		return EAGAIN;
	return 0;
}

/* A new name that nobody can guess, created exclusively: a link planted
 * at any name is never followed (O_EXCL fails on it). */
static int sfile_open_temp(struct sfile *f, mode_t mode)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
	unsigned char rnd[12];

	for (int i = 0; i < SFILE_TRIES; i++) {
		char suffix[sizeof(rnd) + 1];

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return errno ? errno : EIO;
		for (size_t k = 0; k < sizeof(rnd); k++)
			suffix[k] = digits[rnd[k] & 31];
		suffix[sizeof(rnd)] = '\0';
		snprintf(f->tmp, sizeof(f->tmp), ".%.200s.%s", f->base,
			 suffix);
		f->fd = openat(f->dirfd, f->tmp, O_WRONLY | O_CREAT | O_EXCL |
			       O_NOFOLLOW | O_CLOEXEC, mode);
		if (f->fd >= 0)
			return 0;
		f->tmp[0] = '\0';
		if (errno != EEXIST)
			return errno;
	}
	return EEXIST;
}

/* The stream writes through our own descriptor and keeps the errno of a
 * failed write: stdio's error flag alone loses it (glibc drops the buffer
 * and a later fflush succeeds), and a library's fclose (pcap) must not
 * close the descriptor that the commit still syncs. */
static ssize_t sfile_cookie_write(void *cookie, const char *buf, size_t len)
{
	struct sfile *f = cookie;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(f->fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!f->werr)
				f->werr = n < 0 ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int sfile_cookie_close(void *cookie)
{
	(void)cookie;
	return 0;
}

int sfile_open(struct sfile *f, const char *path, mode_t create_mode,
	       struct ovt_err *e)
{
	struct stat st;
	int err;

	memset(f, 0, sizeof(*f));
	f->fd = f->dirfd = -1;
	f->path = path;
	err = sfile_dir(f, path);
	if (err)
		return sfile_fail(f, e, err, "cannot write");
	if (fstatat(f->dirfd, f->base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode)) {
			sfile_abort(f);
			return ovt_err_set(e, ELOOP, "cannot write '%s': it is "
					   "a symbolic link (not followed; "
					   "name its target)", path);
		}
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
			err = sfile_open_in_place(f);
		else if (!S_ISREG(st.st_mode))
			err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		else {
			/* keep mode and owner; 0600 until the end so the
			 * half-written copy is no more readable than the
			 * old file */
			f->mode = st.st_mode & 07777;
			f->uid = st.st_uid;
			f->gid = st.st_gid;
			f->chown = st.st_uid != geteuid() ||
				   st.st_gid != getegid();
			err = sfile_open_temp(f, 0600);
		}
	} else if (errno == ENOENT) {
		/* a new file: the umask applies */
		err = sfile_open_temp(f, create_mode);
		f->mode = (mode_t)-1;
	} else {
		err = errno;
	}
	if (err)
		return sfile_fail(f, e, err, "cannot write");
	f->fp = fopencookie(f, "w", (cookie_io_functions_t){
		.write = sfile_cookie_write,
		.close = sfile_cookie_close,
	});
	if (!f->fp)
		return sfile_fail(f, e, errno, "cannot write");
	return 0;
}

int sfile_error(const struct sfile *f)
{
	return f->werr;
}

/* Close the stream; a failed write reports the errno it saw. */
static int sfile_close_fp(struct sfile *f)
{
	int err = 0;

	if (!f->fp)
		return f->werr;
	if (fflush(f->fp) != 0 || ferror(f->fp))
		err = f->werr ? f->werr : errno ? errno : EIO;
	if (fclose(f->fp) != 0 && !err)
		err = errno;
	f->fp = NULL;
	return err ? err : f->werr;
}

int sfile_commit(struct sfile *f, struct ovt_err *e)
{
	int err;

	errno = 0;
	err = sfile_close_fp(f);
	if (!err && !f->in_place) {
		if (fsync(f->fd) < 0)
			err = errno;
		else if (f->chown && fchown(f->fd, f->uid, f->gid) < 0)
			err = errno;
		/* after fchown, which clears set-id bits */
		else if (f->mode != (mode_t)-1 && fchmod(f->fd, f->mode) < 0)
			err = errno;
	}
	if (f->fd >= 0 && close(f->fd) < 0 && !err)
		err = errno;
	f->fd = -1;
	if (err)
		return sfile_fail(f, e, err, "writing");
	if (!f->in_place) {
		if (renameat(f->dirfd, f->tmp, f->dirfd, f->base) < 0)
			return sfile_fail(f, e, errno, "cannot write");
		f->tmp[0] = '\0';
		/* the rename itself durable (EINVAL: a file system that
		 * cannot sync a directory) */
		if (fsync(f->dirfd) < 0 && errno != EINVAL)
			return sfile_fail(f, e, errno, "writing");
	}
	sfile_abort(f);         /* only closes the directory now */
	return 0;
}

void sfile_abort(struct sfile *f)
{
	int saved = errno;

	/* the descriptor first: fclose's flush then writes nothing (into a
	 * device or fifo written in place) */
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->fp)
		fclose(f->fp);
	f->fp = NULL;
	if (f->tmp[0] && f->dirfd >= 0)
		unlinkat(f->dirfd, f->tmp, 0);
	f->tmp[0] = '\0';
	if (f->dirfd >= 0)
		close(f->dirfd);
	f->dirfd = -1;
	errno = saved;
}
