/* cni.h - the CNI plugin front end (build/ovtsh-cni, installed as the
 * CNI type "ovtsh"): a pod's veth on a lab bridge, the bridge joined to
 * the other nodes by VXLAN, addresses from the IPAM plugin, all made by
 * the same src/net backend as the shell and tagged with the lab.
 *
 * Specification 1.0.0 and 1.1.0 (0.4.0 configurations accepted): ADD,
 * DEL, CHECK, VERSION, STATUS, GC.  A failure is an error object
 * (cni_error) with the specification's code; the configuration and
 * result parsers are pure (unit-tested on canned JSON).
 */
#ifndef OVTSH_CNI_H
#define OVTSH_CNI_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "ovtsh/lab.h"
#include "ovtsh/node.h"
#include "ovtsh/value.h"

/* The specification's error codes (plus 100: this plugin's own). */
enum cni_code {
	CNI_OK = 0,
	CNI_E_VERSION = 1,       /* incompatible CNI version */
	CNI_E_FIELD = 2,         /* unsupported field in the configuration */
	CNI_E_CONTAINER = 3,     /* container unknown or gone */
	CNI_E_ENV = 4,           /* invalid environment variables */
	CNI_E_IO = 5,            /* I/O failure (stdin) */
	CNI_E_DECODE = 6,        /* the JSON does not decode */
	CNI_E_CONFIG = 7,        /* invalid network configuration */
	CNI_E_AGAIN = 11,        /* try again later */
	CNI_E_NOT_READY = 50,    /* STATUS: ADD cannot succeed now */
	CNI_E_PLUGIN = 100,      /* a backend failed, CHECK found a
				    difference */
};

struct cni_error {
	int code;
	char msg[256];
	char details[512];
};
/* Set er and return code. */
int cni_fail(struct cni_error *er, int code, const char *msg,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define CNI_VERSION_LATEST "1.1.0"
#define CNI_NET_NAME_MAX   64
#define CNI_REMOTES_MAX    16

/* "1.0.0" -> 10000; -1 for a malformed version. */
long cni_version_num(const char *v);
/* Is v one this plugin speaks? */
bool cni_version_supported(const char *v);
/* The versions it speaks, as a JSON array (new reference). */
json_t *cni_versions_json(void);

struct cni_vxlan {
	bool set;
	uint32_t vni;
	uint16_t port;                    /* 0: 4789 */
	struct in_addr local;
	struct in_addr remote[CNI_REMOTES_MAX];
	int nremote;
	char dev[IFNAMSIZ];               /* underlay, "" = none */
	char name[IFNAMSIZ];              /* "vxlan<vni>" by default */
};

struct cni_conf {
	char version[16];                 /* the negotiated cniVersion */
	char name[CNI_NET_NAME_MAX + 1];  /* the network's */
	char lab[LAB_NAME_MAX + 1];       /* "cni" by default */
	char hypervisor[NODE_NAME_MAX];   /* "" = the host */
	char bridge[IFNAMSIZ];            /* "cni0" by default */
	unsigned mtu;                     /* 0: 1450 under VXLAN, else kept */
	struct cni_vxlan vx;
	char ipam[64];                    /* the IPAM plugin's type */
	json_t *root;                     /* the whole configuration */
	json_t *prev;                     /* prevResult (borrowed), or NULL */
};

/* Decode and check a network configuration (cmd: CNI_COMMAND, for the
 * keys a command needs).  0, or a code with er filled: 6 bad JSON, 1 a
 * version this plugin does not speak, 2 an unsupported field, 7 a bad
 * value.  Free with cni_conf_free() in any case. */
int cni_conf_parse(const char *buf, size_t len, const char *cmd,
		   struct cni_conf *c, struct cni_error *er);
void cni_conf_free(struct cni_conf *c);

/* A result: what IPAM returned, or a prevResult. */
#define CNI_IPS_MAX    8
#define CNI_ROUTES_MAX 32
#define CNI_IFS_MAX    4
struct cni_ip {
	struct val_prefix addr;           /* address/prefix length */
	bool has_gw;
	struct val_prefix gw;
};
struct cni_route {
	struct val_prefix dst;
	bool has_gw;
	struct val_prefix gw;
};
struct cni_iface {
	char name[IFNAMSIZ];
	uint8_t mac[6];
	bool has_mac;
	unsigned mtu;                     /* 0: not said */
	char sandbox[256];                /* "" = on the node */
};
struct cni_result {
	struct cni_iface ifs[CNI_IFS_MAX];
	int nifs;
	struct cni_ip ip[CNI_IPS_MAX];
	int nip;
	struct cni_route route[CNI_ROUTES_MAX];
	int nroute;
	json_t *dns;                      /* owned, or NULL */
};
/* Decode a result object (0.4.0 or 1.x).  0 or CNI_E_DECODE. */
int cni_result_parse(json_t *j, struct cni_result *r, struct cni_error *er);
void cni_result_free(struct cni_result *r);
/* The result in version's shape: ips point at the last interface
 * (the sandbox one); 0.4.0 adds "version", 1.1.0 "mtu". */
json_t *cni_result_json(const struct cni_result *r, const char *version);
/* The sandbox interface called ifname in r, or NULL. */
const struct cni_iface *cni_result_sandbox(const struct cni_result *r,
					   const char *ifname);

/* Run plugin type from the directories of cni_path with the process's
 * environment plus set ("K=V", NULL-ended, may be NULL) and in on stdin;
 * its stdout in *out (malloc'ed, NUL-ended).  0 when it exited 0; else a
 * code: its error object's, or 5 when it could not run, 7 when it is not
 * in cni_path. */
int cni_exec(const char *cni_path, const char *type, const char *const *set,
	     const char *in, size_t inlen, char **out, struct cni_error *er);
/* cni_exec in two halves: start the plugin (its stdin written whole),
 * work meanwhile, then wait for its answer. */
struct cni_job {
	pid_t pid;
	int fd;                           /* its stdout */
	char type[64];
};
int cni_exec_start(const char *cni_path, const char *type,
		   const char *const *set, const char *in, size_t inlen,
		   struct cni_job *j, struct cni_error *er);
int cni_exec_wait(struct cni_job *j, char **out, struct cni_error *er);
/* The plugin's path in cni_path (buf), or NULL. */
const char *cni_find(const char *cni_path, const char *type, char *buf,
		     size_t len);

/* The plugin: read the environment and stdin, act, write the result or
 * error to stdout; the process's exit status. */
int cni_main(void);

#endif
