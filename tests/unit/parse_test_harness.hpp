// parse_test_harness.hpp -- runs a whole `-bt` script through smcf's test
// mode on a cf given as text, for the address-parsing command tests
// (parse_*_test.cpp).  The transcripts the tests compare with were printed
// by the real sendmail 8.17.1.9 (`sendmail-bt CONFIG.cf < script`, host
// mx.test.example, the corpus's pinned passwd file).
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "read/reader.hpp"
#include "test_support.hpp"
#include "testmode/session.hpp"

namespace smcf::parse_test {

struct Transcript {
  std::string text;  // everything printed, banner and prompts included
  int exit_status = 0;
};

inline SystemOptions pinned() {
  const std::string c = testing::corpus_dir();
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = c + "/pinned/hosts";
  o.passwd_file = c + "/pinned/passwd";
  o.group_file = c + "/pinned/group";
  o.uid = 0;
  o.no_dns = true;
  return o;
}

// sendmail -bt -ODontProbeInterfaces=true -C /etc/mail/t.cf < script
inline Transcript run_bt(const std::string& cf_text, const std::string& script) {
  System sys(pinned());
  Output out;
  Reporter rep(&out);
  ReadRequest req;
  req.file_name = "/etc/mail/t.cf";
  req.text = cf_text;
  req.test_mode = true;
  req.options.push_back({' ', "DontProbeInterfaces=true"});
  Config cf = read_config(req, sys, rep);
  auto cc = std::make_shared<const CompiledConfig>(std::move(cf));
  TestSession session(cc, sys, out, rep);

  std::FILE* f = std::tmpfile();
  std::fwrite(script.data(), 1, script.size(), f);
  std::fflush(f);
  std::rewind(f);
  Transcript t;
  t.exit_status = session.run(fileno(f));
  std::fclose(f);
  t.text = out.take();
  return t;
}

}  // namespace smcf::parse_test
