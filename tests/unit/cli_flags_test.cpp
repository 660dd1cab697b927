// cli_flags_test.cpp -- command-line flags and held-out findings against
// goldens made by the real sendmail (tests/cli/README.md).
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace {

const std::string kCli = std::string(SMCF_TEST_DATA_DIR) + "/cli";

// smcf -bt pinned like the conformance runner, with `cf` (a path) read as
// /etc/mail/NAME.cf, extra flags, and the transcript of `input`.
std::string run_pinned(const std::string& name, const std::string& cf, const std::string& flags,
                       const std::string& input) {
  const std::string corpus = smcf::testing::corpus_dir();
  std::string cmd = std::string(SMCF_BINARY) +
                    " -bt -ODontProbeInterfaces=true --hostname mx.test.example --hosts-file " + corpus +
                    "/pinned/hosts --passwd-file " + corpus + "/pinned/passwd --group-file " + corpus +
                    "/pinned/group --uid 0 --no-dns --remap /etc/mail/" + name + ".cf=" + cf +
                    " --remap /etc/mail/service.switch=" + corpus + "/pinned/service.switch --remap /etc/mail=" +
                    corpus + "/configs/etc-mail -C /etc/mail/" + name + ".cf " + flags + " < " + input + " 2>&1";
  return smcf::testing::run_command(cmd);
}

// A corpus config run on tests/cli/CASE.in, compared with CASE.out.
void expect_corpus_case(const std::string& config, const std::string& test_case, const std::string& flags = "") {
  const std::string cf = smcf::testing::corpus_dir() + "/configs/" + config + ".cf";
  EXPECT_EQ(run_pinned(config, cf, flags, kCli + "/" + test_case + ".in"),
            smcf::runner::read_file(kCli + "/" + test_case + ".out"));
}

// tests/cli/CASE.cf run on CASE.in, compared with CASE.out.
void expect_own_case(const std::string& test_case) {
  const std::string base = kCli + "/" + test_case;
  EXPECT_EQ(run_pinned(test_case, base + ".cf", "", base + ".in"), smcf::runner::read_file(base + ".out"));
}

}  // namespace

TEST(CliFlags, DashMDefinesMacrosLikeSendmail) {
  expect_corpus_case("generic-linux", "bt-M-option", "-MXhello '-M{Foo}bar' -Mmother.example");
}

// $>"Name": the first run strips the quotes of the rule's stored token, so
// =S shows them only before.
TEST(HeldOut, CallTargetQuotesGoOnceTheRuleRan) { expect_own_case("heldout-callsubr-quotes"); }

// An "Unbalanced" message whose address holds 0x80: the high bit is
// stripped, the NUL it leaves ends the message.
TEST(HeldOut, UnbalancedMessageEndsAtStripped0x80) {
  expect_corpus_case("generic-linux", "heldout-unbalanced-0x80");
}

// A host-map lookup of a [literal] that is no address: its status is what
// the previous host lookup left behind.
TEST(HeldOut, UnparseableHostLiteralStatusFollowsLastLookup) { expect_own_case("heldout-host-literal"); }
