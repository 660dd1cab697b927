// fuzz_reader.cpp -- any bytes as a sendmail.cf: reading and compiling must
// never crash, hang or leak, whatever the input; nor may the symbolic
// reading of smcf print --symbolic, printed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "print/cf_printer.hpp"
#include "read/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  smcf::SystemOptions opts;
  opts.host_name = "mx.test.example";
  opts.hosts_file = "/dev/null";
  opts.passwd_file = "/dev/null";
  opts.group_file = "/dev/null";
  opts.uid = 0;
  // Files named by the config are looked up under an empty directory.
  opts.remap.emplace_back("/", "/nonexistent-smcf-fuzz/");
  smcf::System sys(opts);
  smcf::Reporter rep(nullptr);
  smcf::ReadRequest req;
  req.file_name = "/etc/mail/fuzz.cf";
  req.text.assign(reinterpret_cast<const char*>(data), size);
  smcf::Config cf = smcf::read_config(req, sys, rep);
  smcf::CompiledConfig cc(std::move(cf));
  smcf::Reporter quiet(nullptr);
  req.symbolic_macros = true;
  (void)smcf::print_config(smcf::read_config(req, sys, quiet));
  return 0;
}
