// test_support.hpp -- helpers shared by the unit tests: the corpus paths,
// a System pinned the way the conformance goldens were made, and running a
// shell command for its output.
#pragma once
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host/system.hpp"
#include "runner_support.hpp"  // runner::read_file

namespace smcf::testing {

inline std::string corpus_dir() { return std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus"; }

inline std::vector<std::string> corpus_configs() {
  return {"adv-engine", "debian-mta", "generic-linux", "knecht",  "masquerade",
          "nullclient", "relay-checks", "submit",      "sunos413", "virtual"};
}

// Runs `cmd` with /bin/sh and returns what it wrote on stdout.
inline std::string run_command(const std::string& cmd) {
  std::string out;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

// The machine the goldens were made on: host mx.test.example, the corpus
// hosts/passwd/group files, /etc/mail = the corpus etc-mail directory.
inline SystemOptions pinned_system(const std::string& config_name) {
  const std::string c = corpus_dir();
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = c + "/pinned/hosts";
  o.passwd_file = c + "/pinned/passwd";
  o.group_file = c + "/pinned/group";
  o.uid = 0;
  o.remap.emplace_back("/etc/mail/" + config_name + ".cf", c + "/configs/" + config_name + ".cf");
  o.remap.emplace_back("/etc/mail/service.switch", c + "/pinned/service.switch");
  o.remap.emplace_back("/etc/mail", c + "/configs/etc-mail");
  return o;
}

}  // namespace smcf::testing
