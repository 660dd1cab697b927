// envelope_user_db_test.cpp -- finduser() over the corpus's pinned passwd
// file (exact name, lower-cased retry, MatchGECOS full names) and
// usershellok() against a pinned /etc/shells.
#include <gtest/gtest.h>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "test_support.hpp"
#include "envelope/user_db.hpp"

namespace smcf::envelope {
namespace {

System pinned() {
  SystemOptions o = smcf::testing::pinned_system("generic-linux");
  o.remap.emplace_back("/etc/shells", std::string(SMCF_TEST_DATA_DIR) + "/verify/pinned/shells");
  return System(o);
}

TEST(VerifyUserDb, ExactAndLowerCasedNames) {
  System sys = pinned();
  Reporter rep;
  FindUserResult r = find_user(sys, "alice", false, ' ', rep);
  ASSERT_TRUE(r.user);
  EXPECT_FALSE(r.fuzzy);
  EXPECT_EQ(r.user->uid, 1001);
  EXPECT_EQ(r.user->home, "/home/alice");
  EXPECT_EQ(r.user->fullname, "Alice Example");

  r = find_user(sys, "Dave.Jones", false, ' ', rep);
  ASSERT_TRUE(r.user);
  EXPECT_TRUE(r.fuzzy);
  EXPECT_EQ(r.user->name, "dave.jones");

  EXPECT_FALSE(find_user(sys, "nosuchuser", false, ' ', rep).user);
  EXPECT_FALSE(find_user(sys, "", false, ' ', rep).user);
}

TEST(VerifyUserDb, FullNamesOnlyWithMatchGecos) {
  System sys = pinned();
  Output out;
  Reporter rep(&out);
  rep.set_verbose(1);
  EXPECT_FALSE(find_user(sys, "Alice_Example", false, ' ', rep).user);
  FindUserResult r = find_user(sys, "Alice_Example", true, ' ', rep);
  ASSERT_TRUE(r.user);
  EXPECT_TRUE(r.fuzzy);
  EXPECT_EQ(r.user->name, "alice");
  EXPECT_EQ(out.take(), "sending to login name alice\n");
  // The SpaceSub character stands for a blank too; "Carol Smith" is the
  // GECOS field up to its first comma.
  r = find_user(sys, "carol.smith", true, '.', rep);
  ASSERT_TRUE(r.user);
  EXPECT_EQ(r.user->name, "carol");
  // A one-word full name never matches.
  EXPECT_FALSE(find_user(sys, "Postmaster2", true, ' ', rep).user);
}

TEST(VerifyUserDb, LoginShells) {
  System sys = pinned();
  EXPECT_TRUE(user_shell_ok(sys, "/bin/sh", false, 10));
  EXPECT_FALSE(user_shell_ok(sys, "/usr/sbin/nologin", false, 10));
  EXPECT_TRUE(user_shell_ok(sys, "/usr/sbin/nologin", true, 10));  // trusted user
  EXPECT_TRUE(user_shell_ok(sys, "/usr/sbin/nologin", false, 1));  // old config
  EXPECT_TRUE(user_shell_ok(sys, "", false, 10));

  SystemOptions o;
  o.remap.emplace_back("/etc/shells", "/nonexistent/smcf-shells");
  System none(o);  // no /etc/shells: the standard shells
  EXPECT_TRUE(user_shell_ok(none, "/bin/csh", false, 10));
  EXPECT_FALSE(user_shell_ok(none, "/bin/bash", false, 10));
}

}  // namespace
}  // namespace smcf::envelope
