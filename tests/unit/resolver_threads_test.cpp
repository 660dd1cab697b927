// resolver_threads_test.cpp -- one LoadedConfig shared by eight threads,
// each with its own Resolver, gives every thread exactly the results one
// thread gets alone: the claim in smcf.hpp that any number of threads may
// share a config, tested (and run under ThreadSanitizer in CI).  The
// addresses go through text maps (virtusertable, mailertable), `$>`
// calls, class lookups and errors.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "smcf/smcf.hpp"

namespace {

std::shared_ptr<const smcf::LoadedConfig> load_virtual() {
  const std::string corpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";
  smcf::LoadOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = corpus + "/pinned/hosts";
  o.passwd_file = corpus + "/pinned/passwd";
  o.group_file = corpus + "/pinned/group";
  o.uid = 0;
  o.no_dns = true;
  o.options = {"DontProbeInterfaces=true"};
  o.remap = {{"/etc/mail/virtual.cf", corpus + "/configs/virtual.cf"},
             {"/etc/mail/service.switch", corpus + "/pinned/service.switch"},
             {"/etc/mail", corpus + "/configs/etc-mail"}};
  return smcf::LoadedConfig::from_file("/etc/mail/virtual.cf", o);
}

const std::vector<std::string> kAddresses = {
    "alice",
    "alice@mx.test.example",
    "info@virt.example",
    "sales@virt.example",
    "bad@virt.example",
    "plus+detail@virt.example",
    "anyone@virt.example",
    "someone@hosted.example",
    "bob@example.com",
    "Carol Q <carol@other.example.org>",
    "user@[192.0.2.1]",
    "a!b!c",
    "<>",
    "nobody@@broken",
    "\"quoted name\"@example.net",
};

std::string signature(const smcf::ResolveResult& r, const smcf::RewriteResult& w) {
  return r.mailer + "|" + r.host + "|" + r.user + "|" + std::to_string(r.status) + "|" + r.message + "|" +
         std::to_string(w.status) + "|" + w.display;
}

std::vector<std::string> run_all(const std::shared_ptr<const smcf::LoadedConfig>& cf, int rounds) {
  smcf::Resolver r(cf);
  std::vector<std::string> out;
  for (int round = 0; round < rounds; ++round)
    for (const auto& a : kAddresses) {
      smcf::ResolveResult res = r.resolve(a);
      smcf::RewriteResult rw = r.rewrite(a, "3,0");
      if (round == 0) out.push_back(signature(res, rw));
      else if (out[&a - &kAddresses[0]] != signature(res, rw)) out.push_back("CHANGED: " + a);
    }
  return out;
}

TEST(ResolverThreads, EightThreadsOnOneConfigGetWhatOneThreadGets) {
  auto cf = load_virtual();
  ASSERT_TRUE(cf);
  const std::vector<std::string> alone = run_all(cf, 1);
  ASSERT_EQ(alone.size(), kAddresses.size());
  // The virtual-domain address really went through the map.
  EXPECT_NE(alone[2].find("alice"), std::string::npos) << alone[2];
  std::vector<std::vector<std::string>> results(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back([&, t] { results[static_cast<std::size_t>(t)] = run_all(cf, 50); });
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(results[static_cast<std::size_t>(t)], alone) << "thread " << t;
}

}  // namespace
