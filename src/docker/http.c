/* http.c - one request to the Docker Engine API over its unix socket.
 *
 * libcurl with CURLOPT_UNIX_SOCKET_PATH; one easy handle per thread
 * (thread-local) so a sequence of calls reuses one connection.  The API
 * version is negotiated once per socket path and put in front of every
 * path: /v1.41/containers/...
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "docker_int.h"
#include "ovtsh/cancel.h"

#define DOCKER_SOCK_DEFAULT "/var/run/docker.sock"

static pthread_once_t http_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t http_lock = PTHREAD_MUTEX_INITIALIZER;
static char http_ver_sock[256];       /* socket the version belongs to */
static char http_ver[16];             /* negotiated, "" until known */
static _Thread_local CURL *http_curl;
static _Thread_local char http_curl_sock[256];

static void http_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int docker_sock_path(char *buf, size_t sz, struct ovt_err *e)
{
	const char *h = getenv("DOCKER_HOST");

	if (!h || !*h) {
		snprintf(buf, sz, "%s", DOCKER_SOCK_DEFAULT);
		return 0;
	}
	if (strncmp(h, "unix://", 7) || !h[7])
		return ovt_err_set(e, EINVAL, "DOCKER_HOST '%s': only "
				   "unix://PATH is supported", h);
	if (strlen(h + 7) >= sz)
		return ovt_err_set(e, ENAMETOOLONG, "DOCKER_HOST '%s': path "
				   "too long", h);
	snprintf(buf, sz, "%s", h + 7);
	return 0;
}

static size_t http_collect(char *p, size_t sz, size_t nm, void *arg)
{
	struct docker_resp *r = arg;
	size_t n = sz * nm;

	if (r->sink && r->curl) {
		long status = 0;

		curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 300)
			r->sink = NULL;    /* an error body: collect it */
	}
	if (r->sink) {
		/* a streamed body (exec output): the demultiplexer takes it */
		if (docker_demux_feed(&r->demux, p, n, r->sink, r->sink_arg))
			return 0;
		return n;
	}
	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4096;
		char *nb;

		while (cap < r->len + n + 1)
			cap *= 2;
		nb = realloc(r->body, cap);
		if (!nb)
			return 0;
		r->body = nb;
		r->cap = cap;
	}
	memcpy(r->body + r->len, p, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

static size_t http_upload(char *p, size_t sz, size_t nm, void *arg)
{
	const struct docker_req *q = arg;
	ssize_t n;

	do
		n = read(q->upload_fd, p, sz * nm);
	while (n < 0 && errno == EINTR);
	return n < 0 ? CURL_READFUNC_ABORT : (size_t)n;
}

/* Ctrl-C: a non-zero return makes curl stop the transfer (it calls this
 * about once a second while nothing comes, more often while data do). */
static int http_progress(void *arg, curl_off_t dt, curl_off_t dn,
			 curl_off_t ut, curl_off_t un)
{
	(void)arg;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return cancel_requested();
}

void docker_resp_free(struct docker_resp *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* The thread's handle, reset for a new request on sock. */
static CURL *http_handle(const char *sock)
{
	pthread_once(&http_once, http_global_init);
	if (http_curl && strcmp(http_curl_sock, sock)) {
		curl_easy_cleanup(http_curl);
		http_curl = NULL;
	}
	if (!http_curl) {
		http_curl = curl_easy_init();
		snprintf(http_curl_sock, sizeof(http_curl_sock), "%s", sock);
	} else {
		curl_easy_reset(http_curl);
	}
	return http_curl;
}

void docker_http_thread_done(void)
{
	if (http_curl)
		curl_easy_cleanup(http_curl);
	http_curl = NULL;
}

/* A curl failure as one line: unreachable daemon, or a timeout. */
static int http_curl_err(CURL *h, CURLcode cc, const char *sock,
			 const char *what, const char *errbuf,
			 struct ovt_err *e)
{
	long oserr = 0;

	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	/* a daemon this user may not talk to is there: not "no daemon" */
	if (cc == CURLE_COULDNT_CONNECT && (oserr == EACCES || oserr == EPERM))
		return ovt_err_set(e, EACCES, "Docker daemon at %s: %s (ovtsh "
				   "needs root, or the docker group for "
				   "containers)", sock, strerror((int)oserr));
	if (cc == CURLE_COULDNT_CONNECT)
		return ovt_err_set(e, ECONNREFUSED, "Docker daemon not "
				   "reachable at %s: %s", sock,
				   oserr ? strerror((int)oserr) :
				   (errbuf[0] ? errbuf : curl_easy_strerror(cc)));
	if (cc == CURLE_ABORTED_BY_CALLBACK)
		return ovt_err_set(e, EINTR, "Docker %s: interrupted", what);
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return ovt_err_set(e, ETIMEDOUT, "Docker %s: no answer from "
				   "%s in time", what, sock);
	if (cc == CURLE_GOT_NOTHING || cc == CURLE_RECV_ERROR ||
	    cc == CURLE_SEND_ERROR)
		return ovt_err_set(e, ECONNRESET, "Docker daemon at %s closed "
				   "the connection (%s)", sock,
				   errbuf[0] ? errbuf : curl_easy_strerror(cc));
	return ovt_err_set(e, EIO, "Docker %s: %s", what,
			   errbuf[0] ? errbuf : curl_easy_strerror(cc));
}

/* One request without the version prefix (path is used as is). */
static int http_raw(const char *sock, const struct docker_req *q,
		    struct docker_resp *r, struct ovt_err *e)
{
	char url[1024], errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs = NULL;
	CURLcode cc;
	CURL *h;
	int ret = 0;

	h = http_handle(sock);
	if (!h)
		return ovt_err_set(e, ENOMEM, "curl_easy_init failed");
	/* the host part is ignored on a unix socket but must be valid */
	snprintf(url, sizeof(url), "http://docker%s", q->path);
	curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, sock);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
			 q->timeout_ms ? q->timeout_ms : DOCKER_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, http_collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	r->curl = h;
	if (q->cancel) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, http_progress);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	if (q->upload_fd >= 0) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/x-tar");
		hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
		curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, http_upload);
		curl_easy_setopt(h, CURLOPT_READDATA, q);
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "POST");
	} else if (q->body) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, q->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(q->body));
	} else if (!strcmp(q->method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
	}
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		ret = http_curl_err(h, cc, sock, q->what, errbuf, e);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
out:
	curl_slist_free_all(hdrs);
	return ret;
}

/* GET /version once per socket: min(server ApiVersion, DOCKER_API_MAX). */
static int http_version(const char *sock, char *ver, size_t sz,
			struct ovt_err *e)
{
	struct docker_req q = { .method = "GET", .path = "/version",
				.what = "version", .upload_fd = -1 };
	struct docker_resp r = { 0 };
	char server[16];
	int ret;

	pthread_mutex_lock(&http_lock);
	if (http_ver[0] && !strcmp(http_ver_sock, sock)) {
		snprintf(ver, sz, "%s", http_ver);
		pthread_mutex_unlock(&http_lock);
		return 0;
	}
	pthread_mutex_unlock(&http_lock);
	ret = http_raw(sock, &q, &r, e);
	if (ret < 0)
		goto out;
	if (r.status != 200) {
		ret = ovt_err_set(e, EPROTO, "Docker /version: HTTP %ld",
				  r.status);
		goto out;
	}
	ret = docker_parse_version(r.body, r.len, server, sizeof(server), e);
	if (ret < 0)
		goto out;
	if (docker_api_cmp(server, DOCKER_API_MIN) < 0) {
		ret = ovt_err_set(e, ENOTSUP, "Docker daemon at %s speaks API "
				  "%s; ovtsh needs at least %s", sock, server,
				  DOCKER_API_MIN);
		goto out;
	}
	snprintf(ver, sz, "%s", docker_api_cmp(server, DOCKER_API_MAX) < 0 ?
		 server : DOCKER_API_MAX);
	pthread_mutex_lock(&http_lock);
	snprintf(http_ver, sizeof(http_ver), "%s", ver);
	snprintf(http_ver_sock, sizeof(http_ver_sock), "%s", sock);
	pthread_mutex_unlock(&http_lock);
out:
	docker_resp_free(&r);
	return ret;
}

static const char *http_status_text(long status)
{
	switch (status) {
	case 304: return "not modified";
	case 400: return "bad parameter";
	case 404: return "not found";
	case 409: return "conflict";
	case 500: return "server error";
	default: return "unexpected status";
	}
}

int docker_errno(long status)
{
	switch (status) {
	case 400: return EINVAL;
	case 401: case 403: return EPERM;
	case 404: return ENOENT;
	case 409: return EEXIST;
	case 501: return ENOTSUP;
	default: return EIO;
	}
}

int docker_call(const struct docker_req *q, struct docker_resp *r,
		struct ovt_err *e)
{
	struct docker_req vq = *q;
	char sock[256], ver[16], path[1024];
	int ret;

	memset(r, 0, sizeof(*r));
	r->sink = q->sink;
	r->sink_arg = q->sink_arg;
	docker_demux_init(&r->demux);
	ret = docker_sock_path(sock, sizeof(sock), e);
	if (ret < 0)
		return ret;
	ret = http_version(sock, ver, sizeof(ver), e);
	if (ret < 0)
		return ret;
	snprintf(path, sizeof(path), "/v%s%s", ver, q->path);
	vq.path = path;
	ret = http_raw(sock, &vq, r, e);
	if (ret < 0)
		return ret;
	if (r->status >= 400) {
		char msg[OVT_ERR_MSG - 64];

		if (docker_parse_error(r->body, r->len, msg,
						  sizeof(msg)) < 0)
			snprintf(msg, sizeof(msg), "HTTP %ld (%s)", r->status,
				 http_status_text(r->status));
		return ovt_err_set(e, docker_errno(r->status), "%s", msg);
	}
	return 0;
}

void docker_err_prefix(int ret, struct ovt_err *e, const char *fmt, ...)
{
	char head[OVT_ERR_MSG / 2];
	va_list ap;

	if (!e || ret == -ECONNREFUSED || ret == -EACCES)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	ovt_err_prefix(e, "%s", head);
}

/* Percent-encode s for a query string. */
char *docker_urlencode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(s) * 3 + 1), *p = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-_.~", ch)) {
			*p++ = (char)ch;
		} else {
			*p++ = '%';
			*p++ = hex[ch >> 4];
			*p++ = hex[ch & 15];
		}
	}
	*p = '\0';
	return out;
}
