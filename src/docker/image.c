/* image.c - images: does one exist, and import a root filesystem tar
 * (POST /images/create?fromSrc=-), which builds the small labbox image
 * from busybox-static with no registry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "docker_int.h"

int docker_image_exists(const char *image, struct ovt_err *e)
{
	struct docker_req q = { .method = "GET", .upload_fd = -1,
				.what = "image inspect" };
	struct docker_resp r;
	char path[512], *enc;
	int ret;

	if (!image || !*image)
		return ovt_err_set(e, EINVAL, "image name is empty");
	enc = docker_urlencode(image);
	if (!enc)
		return ovt_err_set(e, ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "/images/%s/json", enc);
	free(enc);
	q.path = path;
	ret = docker_call(&q, &r, e);
	docker_resp_free(&r);
	return ret == -ENOENT ? docker_no_image(image, e) : ret;
}

int docker_no_image(const char *image, struct ovt_err *e)
{
	return ovt_err_set(e, ENOENT, "no image '%s' (build it, e.g. 'image "
			   "import FILE %s'; no registry is used)", image,
			   image);
}

int docker_image_list(char ***tags, size_t *n, struct ovt_err *e)
{
	struct docker_req q = { .method = "GET", .upload_fd = -1,
				.path = "/images/json", .what = "image list" };
	struct docker_resp r;
	json_t *root = NULL, *img, *t;
	size_t i, j;
	int ret;

	*tags = NULL;
	*n = 0;
	ret = docker_call(&q, &r, e);
	if (ret < 0)
		goto out;
	root = json_loadb(r.body ? r.body : "", r.len, 0, NULL);
	if (!json_is_array(root)) {
		ret = ovt_err_set(e, EPROTO, "Docker image list: unexpected "
				  "reply");
		goto out;
	}
	json_array_foreach(root, i, img) {
		json_array_foreach(json_object_get(img, "RepoTags"), j, t) {
			const char *s = json_string_value(t);
			char **nt;

			if (!s || !strcmp(s, "<none>:<none>"))
				continue;
			nt = realloc(*tags, (*n + 1) * sizeof(**tags));
			if (!nt || !(nt[*n] = strdup(s))) {
				*tags = nt ? nt : *tags;
				ret = ovt_err_set(e, ENOMEM, "out of memory");
				goto out;
			}
			*tags = nt;
			(*n)++;
		}
	}
out:
	json_decref(root);
	docker_resp_free(&r);
	return ret;
}

void docker_names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* "CMD [...]" as the changes= parameter, JSON-quoted argv. */
static char *import_changes(const char *const *cmd)
{
	json_t *a = json_array();
	char *s, *line = NULL;

	for (size_t i = 0; a && cmd[i]; i++)
		json_array_append_new(a, json_string(cmd[i]));
	s = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	if (s && asprintf(&line, "CMD %s", s) < 0)
		line = NULL;
	free(s);
	return line;
}

int docker_image_import(const char *image, int fd, const char *const *cmd,
			struct ovt_err *e)
{
	struct docker_req q = { .method = "POST", .upload_fd = fd,
				.what = "image import",
				.timeout_ms = DOCKER_IMPORT_TIMEOUT_MS };
	struct docker_resp r = { 0 };
	char *repo = NULL, *tag = NULL, *ch = NULL, *ench = NULL, *path = NULL;
	const char *colon, *slash;
	int ret;

	if (!image || !*image)
		return ovt_err_set(e, EINVAL, "image name is empty");
	/* repo[:tag]; a colon before the last '/' is a registry port */
	colon = strrchr(image, ':');
	slash = strrchr(image, '/');
	if (colon && (!slash || colon > slash)) {
		repo = strndup(image, (size_t)(colon - image));
		tag = docker_urlencode(colon + 1);
	} else {
		repo = strdup(image);
		tag = strdup("latest");
	}
	if (!repo || !tag) {
		ret = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	char *enc_repo = docker_urlencode(repo);

	free(repo);
	repo = enc_repo;
	if (cmd && cmd[0]) {
		ch = import_changes(cmd);
		ench = ch ? docker_urlencode(ch) : NULL;
	}
	if (!repo || (cmd && cmd[0] && !ench) ||
	    asprintf(&path, "/images/create?fromSrc=-&repo=%s&tag=%s%s%s",
		     repo, tag, ench ? "&changes=" : "",
		     ench ? ench : "") < 0) {
		path = NULL;
		ret = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	q.path = path;
	ret = docker_call(&q, &r, e);
	if (ret < 0) {
		docker_err_prefix(ret, e, "image import '%s'", image);
		goto out;
	}
	ret = docker_parse_import(r.body ? r.body : "", r.len, e);
out:
	docker_resp_free(&r);
	free(repo);
	free(tag);
	free(ch);
	free(ench);
	free(path);
	return ret;
}
