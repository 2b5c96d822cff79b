/* test_docker.c - the Docker client's parsers on canned Engine API bodies
 * (as dockerd 20.10 sends them) and the exec stream demultiplexer on byte
 * arrays, fed whole and split at every offset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/docker.h"
#include "../../src/docker/docker_int.h"
#include "t.h"

#define B(s) s, sizeof(s) - 1

static const char inspect_running[] =
	"{\"Id\":\"2f2e55fbd9412d495832960eddc7fa5c0e0022f1559eed7a67df18b9"
	"277717af\",\"Created\":\"2026-11-30T23:20:01Z\",\"Path\":\"/bin/sleep\","
	"\"Args\":[\"infinity\"],\"State\":{\"Status\":\"running\",\"Running\":"
	"true,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,"
	"\"Dead\":false,\"Pid\":48213,\"ExitCode\":0,\"Error\":\"\"},"
	"\"Name\":\"/lc1\",\"HostConfig\":{\"NetworkMode\":\"none\"},"
	"\"Config\":{\"Hostname\":\"lc1\",\"Image\":\"labbox\",\"Cmd\":["
	"\"sleep\",\"infinity\"],\"Labels\":{\"ovtsh.lab\":\"ovtd42\","
	"\"other\":\"x\"}}}";

static const char inspect_exited[] =
	"{\"Id\":\"abc\",\"Name\":\"/sc2\",\"State\":{\"Status\":\"exited\","
	"\"Running\":false,\"Pid\":0,\"ExitCode\":137},"
	"\"Config\":{\"Image\":\"labbox:latest\",\"Labels\":{}}}";

/* a stopped container keeps its last Pid in some versions: not running */
static const char inspect_stale_pid[] =
	"{\"Id\":\"abc\",\"Name\":\"/x\",\"State\":{\"Status\":\"exited\","
	"\"Running\":false,\"Pid\":777},\"Config\":{\"Image\":\"i\","
	"\"Labels\":null}}";

static const char list_body[] =
	"[{\"Id\":\"b1\",\"Names\":[\"/sc1\"],\"Image\":\"labbox\",\"State\":"
	"\"running\",\"Status\":\"Up 2 seconds\",\"Labels\":{\"ovtsh.lab\":"
	"\"ovtd42\"}},"
	"{\"Id\":\"a1\",\"Names\":[\"/lc1\"],\"Image\":\"labbox\",\"State\":"
	"\"exited\",\"Labels\":{\"ovtsh.lab\":\"ovtd42\"}},"
	"{\"Id\":\"c1\",\"Names\":[],\"Image\":\"x\",\"State\":\"created\"}]";

static void test_inspect(void)
{
	struct docker_ct ct;
	struct ovt_err e = { 0 };

	T_INTEQ(docker_parse_inspect(B(inspect_running), &ct, &e), 0);
	T_STREQ(ct.name, "lc1");
	T_STREQ(ct.image, "labbox");
	T_STREQ(ct.state, "running");
	T_CHECK(ct.running);
	T_INTEQ(ct.pid, 48213);
	T_CHECK(ct.has_lab);
	T_STREQ(ct.lab, "ovtd42");
	T_CHECK(!strncmp(ct.id, "2f2e55fbd941", 12));

	T_INTEQ(docker_parse_inspect(B(inspect_exited), &ct, &e), 0);
	T_STREQ(ct.name, "sc2");
	T_STREQ(ct.state, "exited");
	T_CHECK(!ct.running);
	T_INTEQ(ct.pid, 0);
	T_CHECK(!ct.has_lab);

	T_INTEQ(docker_parse_inspect(B(inspect_stale_pid), &ct, &e), 0);
	T_INTEQ(ct.pid, 0);
	T_CHECK(!ct.has_lab);

	/* not JSON, JSON of the wrong shape, truncated */
	T_INTEQ(docker_parse_inspect(B("<html>"), &ct, &e), -EPROTO);
	T_INTEQ(docker_parse_inspect(B("{\"Name\":\"/x\"}"), &ct, &e),
		-EPROTO);
	T_INTEQ(docker_parse_inspect(inspect_running, 40, &ct, &e), -EPROTO);
	T_STREQ(e.msg, "Docker inspect: unexpected reply");
}

static void test_list(void)
{
	struct docker_ct_list l;
	struct ovt_err e = { 0 };

	T_INTEQ(docker_parse_list(B(list_body), &l, &e), 0);
	T_INTEQ(l.n, 2);             /* the nameless entry is skipped */
	if (l.n == 2) {
		T_STREQ(l.v[0].name, "lc1");    /* sorted by name */
		T_STREQ(l.v[0].state, "exited");
		T_CHECK(!l.v[0].running);
		T_STREQ(l.v[1].name, "sc1");
		T_CHECK(l.v[1].running);
		T_STREQ(l.v[1].lab, "ovtd42");
	}
	docker_ct_list_free(&l);
	T_INTEQ(docker_parse_list(B("[]"), &l, &e), 0);
	T_INTEQ(l.n, 0);
	docker_ct_list_free(&l);
	T_INTEQ(docker_parse_list(B("{\"message\":\"x\"}"), &l, &e), -EPROTO);
	T_CHECK(l.v == NULL);
}

static void test_version(void)
{
	struct ovt_err e = { 0 };
	char v[16];

	T_INTEQ(docker_parse_version(B("{\"Version\":\"20.10.24+dfsg1\","
		"\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}"),
		v, sizeof(v), &e), 0);
	T_STREQ(v, "1.41");
	T_INTEQ(docker_parse_version(B("{\"ApiVersion\":\"one\"}"), v,
				     sizeof(v), &e), -EPROTO);
	T_INTEQ(docker_parse_version(B("{}"), v, sizeof(v), &e), -EPROTO);
	T_INTEQ(docker_parse_version(B("{\"ApiVersion\":\"1.41x\"}"), v,
				     sizeof(v), &e), -EPROTO);

	T_CHECK(docker_api_cmp("1.41", "1.41") == 0);
	T_CHECK(docker_api_cmp("1.9", "1.41") < 0);   /* numeric, not text */
	T_CHECK(docker_api_cmp("1.43", DOCKER_API_MAX) > 0);
	T_CHECK(docker_api_cmp("2.0", "1.99") > 0);
	T_CHECK(docker_api_cmp("1.24", DOCKER_API_MIN) < 0);
}

static void test_error(void)
{
	char m[64];

	T_INTEQ(docker_parse_error(B("{\"message\":\"No such container: "
		"ovtdx\"}\n"), m, sizeof(m)), 0);
	T_STREQ(m, "No such container: ovtdx");
	T_INTEQ(docker_parse_error(B("{\"message\":\"Conflict. The container "
		"name \\\"/lc1\\\" is already in use\\n\"}"), m, sizeof(m)), 0);
	T_STREQ(m, "Conflict. The container name \"/lc1\" is already in use ");
	/* not JSON: first line as text */
	T_INTEQ(docker_parse_error(B("page not found\r\nmore"), m,
				   sizeof(m)), 0);
	T_STREQ(m, "page not found");
	/* a body without a terminating NUL is read only up to len */
	static const char raw[3] = { 'b', 'a', 'd' };
	T_INTEQ(docker_parse_error(raw, sizeof(raw), m, sizeof(m)), 0);
	T_STREQ(m, "bad");
	T_INTEQ(docker_parse_error(B(""), m, sizeof(m)), -EINVAL);
	T_STREQ(m, "");
	/* a long message is cut to the buffer, still terminated */
	T_INTEQ(docker_parse_error(B("{\"message\":\"0123456789012345678901"
		"234567890123456789012345678901234567890123456789\"}"), m,
		16), 0);
	T_INTEQ(strlen(m), 15);
}

static void test_import(void)
{
	struct ovt_err e = { 0 };

	T_INTEQ(docker_parse_import(B("{\"status\":\"sha256:96497c41bbf5\"}\n"),
				    &e), 0);
	T_INTEQ(docker_parse_import(B("{\"status\":\"Downloading\"}\r\n"
		"{\"errorDetail\":{\"message\":\"archive/tar: invalid tar "
		"header\"},\"error\":\"archive/tar: invalid tar header\"}\r\n"),
		&e), -EIO);
	T_STREQ(e.msg, "image import: archive/tar: invalid tar header");
	T_INTEQ(docker_parse_import(B(""), &e), -EPROTO);
}

static void test_image_same(void)
{
	T_CHECK(docker_image_same("labbox", "labbox"));
	T_CHECK(docker_image_same("labbox", "labbox:latest"));
	T_CHECK(docker_image_same("labbox:latest", "labbox"));
	T_CHECK(!docker_image_same("labbox", "labbox:v2"));
	T_CHECK(!docker_image_same("labbox", "labbox2"));
	T_CHECK(!docker_image_same("lab", "labbox"));
	T_CHECK(docker_image_same("reg:5000/x", "reg:5000/x:latest"));
	T_CHECK(!docker_image_same("reg:5000/x", "reg:5001/x"));
	T_CHECK(docker_image_same("a/b:1@sha256:00", "a/b:1"));
}

/* The request layer's pure parts: socket path, query encoding, status. */
static void test_request_bits(void)
{
	struct ovt_err e = { 0 };
	char sock[64], *q;

	unsetenv("DOCKER_HOST");
	T_INTEQ(docker_sock_path(sock, sizeof(sock), &e), 0);
	T_STREQ(sock, "/var/run/docker.sock");
	setenv("DOCKER_HOST", "unix:///run/ovtd.sock", 1);
	T_INTEQ(docker_sock_path(sock, sizeof(sock), &e), 0);
	T_STREQ(sock, "/run/ovtd.sock");
	setenv("DOCKER_HOST", "tcp://127.0.0.1:2375", 1);
	T_INTEQ(docker_sock_path(sock, sizeof(sock), &e), -EINVAL);
	T_STREQ(e.msg, "DOCKER_HOST 'tcp://127.0.0.1:2375': only unix://PATH "
		"is supported");
	setenv("DOCKER_HOST", "unix://", 1);
	T_INTEQ(docker_sock_path(sock, sizeof(sock), &e), -EINVAL);
	setenv("DOCKER_HOST", "unix:///a/very/long/path/that/does/not/fit/in/the/buffer/of/"
	       "sixty-four/bytes.sock", 1);
	T_INTEQ(docker_sock_path(sock, sizeof(sock), &e), -ENAMETOOLONG);
	unsetenv("DOCKER_HOST");

	q = docker_urlencode("{\"label\":[\"ovtsh.lab=a b&c\"]}");
	T_STREQ(q, "%7B%22label%22%3A%5B%22ovtsh.lab%3Da%20b%26c%22%5D%7D");
	free(q);
	q = docker_urlencode("labbox_1.0-x~");
	T_STREQ(q, "labbox_1.0-x~");
	free(q);

	T_INTEQ(docker_errno(404), ENOENT);
	T_INTEQ(docker_errno(409), EEXIST);
	T_INTEQ(docker_errno(400), EINVAL);
	T_INTEQ(docker_errno(500), EIO);
}

/* ---- demultiplexer ---- */

struct sink {
	char out[256], err[256];
	size_t nout, nerr;
	int calls;
};

static int sink_fn(void *arg, enum docker_stream s, const char *p, size_t n)
{
	struct sink *k = arg;
	char *dst = s == DOCKER_STDERR ? k->err : k->out;
	size_t *len = s == DOCKER_STDERR ? &k->nerr : &k->nout;

	if (*len + n >= sizeof(k->out))
		return -ENOSPC;
	memcpy(dst + *len, p, n);
	*len += n;
	dst[*len] = '\0';
	k->calls++;
	return 0;
}

static const unsigned char stream[] = {
	1, 0, 0, 0, 0, 0, 0, 6, 'h', 'e', 'l', 'l', 'o', '\n',
	2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n',
	1, 0, 0, 0, 0, 0, 0, 0,                       /* empty frame */
	1, 0, 0, 0, 0, 0, 0, 3, 'b', 'y', 'e',
};

static void test_demux(void)
{
	struct docker_demux d;
	struct sink k;

	/* whole */
	memset(&k, 0, sizeof(k));
	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, stream, sizeof(stream), sink_fn, &k), 0);
	T_STREQ(k.out, "hello\nbye");
	T_STREQ(k.err, "err\n");
	T_CHECK(docker_demux_complete(&d));

	/* split in two at every offset, and one byte at a time */
	for (size_t cut = 0; cut <= sizeof(stream); cut++) {
		memset(&k, 0, sizeof(k));
		docker_demux_init(&d);
		T_INTEQ(docker_demux_feed(&d, stream, cut, sink_fn, &k), 0);
		T_INTEQ(docker_demux_feed(&d, stream + cut,
					  sizeof(stream) - cut, sink_fn, &k), 0);
		T_STREQ(k.out, "hello\nbye");
		T_STREQ(k.err, "err\n");
		T_CHECK(docker_demux_complete(&d));
	}
	memset(&k, 0, sizeof(k));
	docker_demux_init(&d);
	for (size_t i = 0; i < sizeof(stream); i++) {
		T_INTEQ(docker_demux_feed(&d, stream + i, 1, sink_fn, &k), 0);
		T_CHECK(docker_demux_complete(&d) ==
			(i == 13 || i == 25 || i == 33 || i == 44));
	}
	T_STREQ(k.out, "hello\nbye");

	/* truncated: inside a header, inside a payload */
	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, stream, 5, NULL, NULL), 0);
	T_CHECK(!docker_demux_complete(&d));
	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, stream, 10, NULL, NULL), 0);
	T_CHECK(!docker_demux_complete(&d));

	/* invalid stream byte, non-zero padding: rejected, and stays so */
	static const unsigned char bad1[] = { 3, 0, 0, 0, 0, 0, 0, 1, 'x' };
	static const unsigned char bad2[] = { 1, 0, 1, 0, 0, 0, 0, 1, 'x' };

	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, bad1, sizeof(bad1), NULL, NULL),
		-EPROTO);
	T_INTEQ(docker_demux_feed(&d, stream, sizeof(stream), NULL, NULL),
		-EPROTO);
	T_CHECK(!docker_demux_complete(&d));
	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, bad2, sizeof(bad2), NULL, NULL),
		-EPROTO);

	/* a frame larger than what follows: the sink sees only what came */
	static const unsigned char big[] = { 1, 0, 0, 0, 0x7f, 0xff, 0xff,
					     0xff, 'a', 'b' };
	memset(&k, 0, sizeof(k));
	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, big, sizeof(big), sink_fn, &k), 0);
	T_STREQ(k.out, "ab");
	T_CHECK(!docker_demux_complete(&d));

	/* the sink's error stops the feed */
	static const unsigned char huge[8 + 300] = { 1, 0, 0, 0, 0, 0, 1, 44 };
	memset(&k, 0, sizeof(k));
	docker_demux_init(&d);
	T_INTEQ(docker_demux_feed(&d, huge, sizeof(huge), sink_fn, &k),
		-ENOSPC);
}

/* A background start keeps the name whole or refuses it: a name cut to
 * its slot would start (and later report) another container.  No daemon
 * is asked: the socket leads nowhere. */
static void test_async_names(void)
{
	struct ovt_err e = { 0 };
	char big[80];

	setenv("DOCKER_HOST", "unix:///nonexistent/ovtsh-test.sock", 1);
	memset(big, 'a', 70);
	big[70] = '\0';
	T_INTEQ(docker_start_async(big, &e), -ENAMETOOLONG);
	T_INTEQ(docker_start_async("a/b", &e), -EINVAL);
	T_INTEQ(docker_wait(big, &e), 0);   /* nothing pending */
	docker_join_all();
	unsetenv("DOCKER_HOST");
}

int main(void)
{
	test_inspect();
	test_list();
	test_version();
	test_error();
	test_import();
	test_image_same();
	test_request_bits();
	test_demux();
	test_async_names();
	T_DONE();
}
