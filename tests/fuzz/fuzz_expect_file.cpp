// fuzz_expect_file.cpp -- any bytes as an smcf test expect file: parsing,
// running every case against a small config, --update's rewrite and the
// three reports must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "smcf/smcf.hpp"
#include "tools/rule_test.hpp"

namespace {

const char kConfig[] =
    "V10\n"
    "Scanonify=3\n"
    "R$* < @ $+ > $*\t$@ $1 < @ $2 . > $3\n"
    "R$+ @ $+\t$: $1 < @ $2 >\n"
    "S0\n"
    "R$* < @ $+ . >\t$#esmtp $@ $2 $: $1 < @ $2 . >\n"
    "R$+\t$#local $: $1\n"
    "Scheck_rcpt\n"
    "R$*\t$#error $@ 5.7.1 $: \"550 no\"\n";

std::shared_ptr<const smcf::LoadedConfig> config() {
  static auto cf = [] {
    smcf::LoadOptions o;
    o.host_name = "mx.test.example";
    o.hosts_file = "/dev/null";
    o.passwd_file = "/dev/null";
    o.group_file = "/dev/null";
    o.uid = 0;
    o.no_dns = true;
    return smcf::LoadedConfig::from_string(kConfig, "fuzz.cf", o);
  }();
  return cf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  smcf::tools::ExpectFile file;
  if (smcf::tools::parse_expect_file("fuzz.smcftest", text, file)) return 0;
  if (file.cases.size() > 64) return 0;  // bounded work per input
  smcf::Resolver resolver(config());
  smcf::tools::FileResults fr{&file, smcf::tools::run_expect_file(file, resolver)};
  (void)smcf::tools::updated_text(file, fr.results);
  (void)smcf::tools::render_text({fr});
  (void)smcf::tools::render_tap({fr});
  (void)smcf::tools::render_junit({fr});
  return 0;
}
