// embed.cpp -- smcf embedded in ten lines: resolve addresses with a sendmail.cf.
#include <smcf/smcf.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  auto cf = smcf::LoadedConfig::from_file(argc > 1 ? argv[1] : "/etc/mail/sendmail.cf");
  if (!cf) return 1;
  smcf::Resolver r(cf);
  for (int i = 2; i < argc; ++i) {
    smcf::ResolveResult res = r.resolve(argv[i]);
    std::printf("%s\t%s\t%s\t%s\n", argv[i], res.mailer.c_str(), res.host.c_str(), res.user.c_str());
  }
}
