/* smcf.h -- the C interface of the smcf resolver: sendmail.cf rewriting
 * and address resolution for C programs (MTAs, milters, policy daemons).
 *
 *   smcf_config_t *cf = smcf_config_load_file("/etc/mail/sendmail.cf", NULL, NULL, NULL);
 *   smcf_resolver_t *r = smcf_resolver_new(cf);       one per thread
 *   smcf_result_t res;
 *   if (smcf_resolve(r, "alice@example.com", &res) == 0)
 *       printf("%s %s %s\n", res.mailer, res.host, res.user);
 *   smcf_resolver_free(r);
 *   smcf_config_free(cf);
 *
 * Handles are opaque; no C++ type or exception crosses this interface.
 * A config may be shared by any number of resolvers in any threads; a
 * resolver is used by one thread at a time.  Strings in results stay valid
 * until the next call on the same resolver.
 */
#ifndef SMCF_SMCF_H
#define SMCF_SMCF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct smcf_config smcf_config_t;
typedef struct smcf_resolver smcf_resolver_t;

/* Pinning options (all optional; NULL or 0 = as the machine says). */
typedef struct smcf_load_options {
	const char *host_name;
	const char *hosts_file;
	const char *passwd_file;
	const char *group_file;
	const char *const *options;	/* "Name=value" strings, NULL-terminated, or NULL */
	int no_dns;
} smcf_load_options_t;

/* Called for every message sendmail would print while reading the config. */
typedef void (*smcf_diag_fn)(void *arg, const char *severity, const char *file, int line,
			     const char *check_id, const char *text);

/* NULL when the config cannot be read or reading stopped (fatal error). */
smcf_config_t *smcf_config_load_file(const char *path, const smcf_load_options_t *opts,
				     smcf_diag_fn diag, void *diag_arg);
smcf_config_t *smcf_config_load_string(const char *text, size_t len, const char *name,
				       const smcf_load_options_t *opts, smcf_diag_fn diag, void *diag_arg);
void smcf_config_free(smcf_config_t *cf);

smcf_resolver_t *smcf_resolver_new(const smcf_config_t *cf);
void smcf_resolver_free(smcf_resolver_t *r);

typedef struct smcf_result {
	int ok;			/* 1: a deliverable mailer triple */
	const char *mailer;	/* "*error*" for $#error */
	const char *host;	/* "" when none */
	const char *user;
	int status;		/* sendmail's exit status for the address (0 = OK) */
	const char *message;	/* error text, "" when none */
} smcf_result_t;

/* Resolves a recipient address as sendmail's parseaddr() (test mode's
 * /parse) does.  Returns 0 on success, -1 on bad arguments. */
int smcf_resolve(smcf_resolver_t *r, const char *address, smcf_result_t *out);

/* Rewrites address with a test-mode ruleset list ("3,0").  The result is
 * the workspace joined as sendmail joins tokens.  Returns the rewrite
 * status (0, 65, 75 or 78), or -1 on bad arguments or an unknown ruleset. */
int smcf_rewrite(smcf_resolver_t *r, const char *address, const char *rulesets, const char **result);

#ifdef __cplusplus
}
#endif

#endif /* SMCF_SMCF_H */
