/* parse.c - Docker Engine API bodies and the exec stream demultiplexer.
 * Pure functions over bytes: no socket, so unit tests feed them canned
 * bodies (tests/unit/test_docker.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ovtsh/docker.h"
#include "ovtsh/lab.h"

static void copy_str(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src ? src : "");
}

static const char *obj_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int docker_parse_error(const char *body, size_t len, char *buf, size_t sz)
{
	json_t *root;
	const char *m;
	int r = -EINVAL;

	if (!sz)
		return -EINVAL;
	buf[0] = '\0';
	root = json_loadb(body, len, 0, NULL);
	m = obj_str(root, "message");
	if (m) {
		copy_str(buf, sz, m);
		r = 0;
	} else if (len && body) {
		/* not JSON (a proxy, an old daemon): first line as text;
		 * body need not be NUL-terminated */
		size_t n = 0;

		while (n < len && n < sz - 1 && body[n] && body[n] != '\r' &&
		       body[n] != '\n')
			n++;
		memcpy(buf, body, n);
		buf[n] = '\0';
		r = n ? 0 : -EINVAL;
	}
	/* Docker's messages end in a newline at times; errors are one line */
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	json_decref(root);
	return r;
}

int docker_api_cmp(const char *a, const char *b)
{
	unsigned long amaj = 0, amin = 0, bmaj = 0, bmin = 0;

	sscanf(a, "%lu.%lu", &amaj, &amin);
	sscanf(b, "%lu.%lu", &bmaj, &bmin);
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

int docker_parse_version(const char *body, size_t len, char *ver, size_t sz,
			 struct ovt_err *e)
{
	unsigned maj, min;
	json_t *root;
	const char *v;
	char c;
	int r = 0;

	root = json_loadb(body, len, 0, NULL);
	v = obj_str(root, "ApiVersion");
	if (!v || sscanf(v, "%u.%u%c", &maj, &min, &c) != 2)
		r = ovt_err_set(e, EPROTO, "Docker /version: no valid "
				"ApiVersion in the reply");
	else
		copy_str(ver, sz, v);
	json_decref(root);
	return r;
}

/* Labels object -> has_lab/lab. */
static void parse_labels(const json_t *labels, struct docker_ct *ct)
{
	const char *lab = obj_str(labels, LAB_LABEL);

	ct->has_lab = lab != NULL;
	copy_str(ct->lab, sizeof(ct->lab), lab);
}

int docker_parse_inspect(const char *body, size_t len, struct docker_ct *ct,
			 struct ovt_err *e)
{
	json_t *root, *state, *config;
	const char *name;
	int r = 0;

	memset(ct, 0, sizeof(*ct));
	root = json_loadb(body, len, 0, NULL);
	state = json_object_get(root, "State");
	config = json_object_get(root, "Config");
	name = obj_str(root, "Name");
	if (!json_is_object(state) || !json_is_object(config) || !name) {
		r = ovt_err_set(e, EPROTO, "Docker inspect: unexpected reply");
		goto out;
	}
	copy_str(ct->id, sizeof(ct->id), obj_str(root, "Id"));
	copy_str(ct->name, sizeof(ct->name), name + (name[0] == '/'));
	copy_str(ct->image, sizeof(ct->image), obj_str(config, "Image"));
	copy_str(ct->state, sizeof(ct->state), obj_str(state, "Status"));
	ct->running = json_is_true(json_object_get(state, "Running"));
	ct->pid = (pid_t)json_integer_value(json_object_get(state, "Pid"));
	if (!ct->running)
		ct->pid = 0;
	parse_labels(json_object_get(config, "Labels"), ct);
out:
	json_decref(root);
	return r;
}

static int cmp_ct(const void *a, const void *b)
{
	return strcmp(((const struct docker_ct *)a)->name,
		      ((const struct docker_ct *)b)->name);
}

int docker_parse_list(const char *body, size_t len, struct docker_ct_list *l,
		      struct ovt_err *e)
{
	json_t *root, *it;
	size_t i;
	int r = 0;

	l->v = NULL;
	l->n = 0;
	root = json_loadb(body, len, 0, NULL);
	if (!json_is_array(root)) {
		r = ovt_err_set(e, EPROTO, "Docker list: unexpected reply");
		goto out;
	}
	l->v = calloc(json_array_size(root) + 1, sizeof(*l->v));
	if (!l->v) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	json_array_foreach(root, i, it) {
		struct docker_ct *ct = &l->v[l->n];
		const char *name = json_string_value(
			json_array_get(json_object_get(it, "Names"), 0));

		if (!name)
			continue;
		copy_str(ct->id, sizeof(ct->id), obj_str(it, "Id"));
		copy_str(ct->name, sizeof(ct->name), name + (name[0] == '/'));
		copy_str(ct->image, sizeof(ct->image), obj_str(it, "Image"));
		copy_str(ct->state, sizeof(ct->state), obj_str(it, "State"));
		ct->running = !strcmp(ct->state, "running");
		parse_labels(json_object_get(it, "Labels"), ct);
		l->n++;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp_ct);
out:
	json_decref(root);
	return r;
}

void docker_ct_list_free(struct docker_ct_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int docker_parse_import(const char *body, size_t len, struct ovt_err *e)
{
	size_t pos = 0;
	bool any = false;

	/* a stream of JSON objects, one per line; errors arrive with 200 */
	while (pos < len) {
		size_t n = 0;
		json_t *line;
		const char *msg;

		while (pos + n < len && body[pos + n] != '\n')
			n++;
		line = json_loadb(body + pos, n, 0, NULL);
		pos += n + 1;
		if (!line)
			continue;
		any = true;
		msg = obj_str(line, "error");
		if (!msg)
			msg = obj_str(json_object_get(line, "errorDetail"),
				      "message");
		if (msg) {
			int r = ovt_err_set(e, EIO, "image import: %s", msg);

			json_decref(line);
			return r;
		}
		json_decref(line);
	}
	return any ? 0 : ovt_err_set(e, EPROTO, "image import: empty reply");
}

/* ---- exec stream demultiplexer ---- */

void docker_demux_init(struct docker_demux *d)
{
	memset(d, 0, sizeof(*d));
}

bool docker_demux_complete(const struct docker_demux *d)
{
	return !d->bad && d->hdr_len == 0 && d->left == 0;
}

int docker_demux_feed(struct docker_demux *d, const void *buf, size_t len,
		      docker_sink sink, void *arg)
{
	const uint8_t *p = buf;

	if (d->bad)
		return -EPROTO;
	while (len) {
		if (d->left == 0) {
			/* header bytes, possibly split across feeds */
			size_t take = sizeof(d->hdr) - d->hdr_len;

			if (take > len)
				take = len;
			memcpy(d->hdr + d->hdr_len, p, take);
			d->hdr_len += take;
			p += take;
			len -= take;
			if (d->hdr_len < sizeof(d->hdr))
				break;
			if (d->hdr[0] > DOCKER_STDERR || d->hdr[1] ||
			    d->hdr[2] || d->hdr[3]) {
				d->bad = true;
				return -EPROTO;
			}
			d->left = (uint32_t)d->hdr[4] << 24 |
				  (uint32_t)d->hdr[5] << 16 |
				  (uint32_t)d->hdr[6] << 8 | d->hdr[7];
			if (d->left)
				d->hdr_len = sizeof(d->hdr); /* in payload */
			else
				d->hdr_len = 0;              /* empty frame */
			continue;
		}
		size_t take = len < d->left ? len : d->left;
		int r = sink ? sink(arg, (enum docker_stream)d->hdr[0],
				    (const char *)p, take) : 0;

		if (r < 0)
			return r;
		p += take;
		len -= take;
		d->left -= (uint32_t)take;
		if (d->left == 0)
			d->hdr_len = 0;
	}
	return 0;
}

/* Split "repo[:tag][@digest]" into the repo's length and the tag (a colon
 * after the last '/' starts the tag; one before it is a registry port). */
static size_t image_split(const char *s, const char **tag, size_t *tag_len)
{
	size_t len = strcspn(s, "@");
	const char *slash = memrchr(s, '/', len);
	const char *colon = memrchr(s, ':', len);

	if (colon && (!slash || colon > slash)) {
		*tag = colon + 1;
		*tag_len = len - (size_t)(colon + 1 - s);
		return (size_t)(colon - s);
	}
	*tag = "latest";
	*tag_len = 6;
	return len;
}

bool docker_image_same(const char *a, const char *b)
{
	const char *ta, *tb;
	size_t tla, tlb, ra = image_split(a, &ta, &tla),
	       rb = image_split(b, &tb, &tlb);

	return ra == rb && !strncmp(a, b, ra) && tla == tlb &&
	       !strncmp(ta, tb, tla);
}
