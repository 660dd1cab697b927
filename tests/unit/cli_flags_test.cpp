// cli_flags_test.cpp -- command-line flags against goldens made by the
// real sendmail (tests/cli/README.md).
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

TEST(CliFlags, DashMDefinesMacrosLikeSendmail) {
  const std::string corpus = smcf::testing::corpus_dir();
  const std::string cli = std::string(SMCF_TEST_DATA_DIR) + "/cli";
  std::string cmd = std::string(SMCF_BINARY) +
                    " -bt -ODontProbeInterfaces=true --hostname mx.test.example --hosts-file " + corpus +
                    "/pinned/hosts --passwd-file " + corpus + "/pinned/passwd --group-file " + corpus +
                    "/pinned/group --uid 0 --no-dns --remap /etc/mail/generic-linux.cf=" + corpus +
                    "/configs/generic-linux.cf --remap /etc/mail/service.switch=" + corpus +
                    "/pinned/service.switch --remap /etc/mail=" + corpus +
                    "/configs/etc-mail -C /etc/mail/generic-linux.cf -MXhello '-M{Foo}bar' -Mmother.example < " +
                    cli + "/bt-M-option.in 2>&1";
  EXPECT_EQ(smcf::testing::run_command(cmd), smcf::runner::read_file(cli + "/bt-M-option.out"));
}
