/* embed.c -- the same through the C interface (link with pkg-config smcf). */
#include <smcf/smcf.h>
#include <stdio.h>

int main(int argc, char **argv) {
	smcf_config_t *cf = smcf_config_load_file(argc > 1 ? argv[1] : "/etc/mail/sendmail.cf", NULL, NULL, NULL);
	if (cf == NULL)
		return 1;
	smcf_resolver_t *r = smcf_resolver_new(cf);
	for (int i = 2; i < argc; i++) {
		smcf_result_t res;
		if (smcf_resolve(r, argv[i], &res) == 0)
			printf("%s\t%s\t%s\t%s\n", argv[i], res.mailer, res.host, res.user);
	}
	smcf_resolver_free(r);
	smcf_config_free(cf);
	return 0;
}
