// envelope_file_safety_test.cpp -- the checks before a :include: or .forward
// file is read: missing files, non-regular files, writable files and
// directories, ownership and read permission, and remapped paths (the
// pinned machine's files: safe directories, owned by root).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>

#include "host/system.hpp"
#include "envelope/file_safety.hpp"

namespace smcf::envelope {
namespace {

class VerifyFileSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/smcf-verify-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ::chmod(dir_.c_str(), 0755);
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + dir_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  std::string file(const std::string& name, mode_t mode) {
    std::string p = dir_ + "/" + name;
    std::ofstream(p) << "alice\n";
    ::chmod(p.c_str(), mode);
    return p;
  }
  std::string dir_;
};

SafeFileRequest reading(long uid) {
  SafeFileRequest r;
  r.uid = uid;
  r.gid = uid;
  r.path_check = false;
  return r;
}

TEST_F(VerifyFileSafety, MissingAndNonRegularFiles) {
  System sys;
  FileInfo fi;
  EXPECT_EQ(safe_file(sys, dir_ + "/none", reading(0), &fi), ENOENT);
  EXPECT_EQ(safe_file(sys, dir_, reading(0), &fi), esm::kRegularOnly);
  EXPECT_EQ(error_text(esm::kRegularOnly), "Regular files only");
  EXPECT_EQ(error_text(ENOENT), "No such file or directory");
}

TEST_F(VerifyFileSafety, WritableFilesAreRefusedWhenAsked) {
  System sys;
  std::string gw = file("gw", 0664), ww = file("ww", 0646);
  SafeFileRequest r = reading(0);
  EXPECT_EQ(safe_file(sys, gw, r, nullptr), 0);
  r.no_group_writable = r.no_world_writable = true;
  EXPECT_EQ(safe_file(sys, gw, r, nullptr), esm::kGroupWritableFile);
  EXPECT_EQ(safe_file(sys, ww, r, nullptr), esm::kWorldWritableFile);
  EXPECT_EQ(error_text(esm::kWorldWritableFile), "World writable file");
}

TEST_F(VerifyFileSafety, WritableDirectoriesInThePath) {
  System sys;
  // /tmp is world writable (sticky): unsafe unless TrustStickyBit.
  EXPECT_EQ(safe_dir_path(sys, dir_, false, false), esm::kWorldWritableDir);
  EXPECT_EQ(safe_dir_path(sys, dir_, false, true), 0);
  std::string sub = dir_ + "/group";
  ASSERT_EQ(::mkdir(sub.c_str(), 0775), 0);
  ::chmod(sub.c_str(), 0775);
  EXPECT_EQ(safe_dir_path(sys, sub, false, true), esm::kGroupWritableDir);
  EXPECT_EQ(safe_dir_path(sys, sub, true, true), 0);
  EXPECT_EQ(safe_dir_path(sys, dir_ + "/none", false, true), ENOENT);
}

TEST_F(VerifyFileSafety, RemappedFilesBelongToRootInSafeDirectories) {
  SystemOptions o;
  o.remap.emplace_back("/etc/mail/lists", dir_);
  System sys(o);
  file("list", 0640);
  file("open", 0644);
  EXPECT_EQ(safe_dir_path(sys, "/etc/mail/lists", false, false), 0);
  SafeFileRequest r = reading(47);  // the default user reads alias lists
  r.path_check = true;
  FileInfo fi;
  EXPECT_EQ(safe_file(sys, "/etc/mail/lists/open", r, &fi), 0);
  EXPECT_EQ(fi.uid, 0);
  EXPECT_EQ(fi.gid, 0);
  EXPECT_EQ(safe_file(sys, "/etc/mail/lists/list", r, &fi), EACCES);
  EXPECT_EQ(safe_file(sys, "/etc/mail/lists/list", reading(0), &fi), 0);
}

TEST_F(VerifyFileSafety, ForwardFilesMustBeOwnedByTheUserOrRoot) {
  SystemOptions o;
  o.remap.emplace_back("/home/bob", dir_);
  System sys(o);
  file(".forward", 0644);
  SafeFileRequest r = reading(1002);
  r.must_own = true;
  EXPECT_EQ(safe_file(sys, "/home/bob/.forward", r, nullptr), EPERM);
  r.root_ok = true;
  EXPECT_EQ(safe_file(sys, "/home/bob/.forward", r, nullptr), 0);
}

TEST(VerifyFileSafetyErrors, TransientErrors) {
  EXPECT_TRUE(transient_error(EAGAIN));
  EXPECT_TRUE(transient_error(ETIMEDOUT));
  EXPECT_TRUE(transient_error(esm::kOpenTimeout));
  EXPECT_FALSE(transient_error(ENOENT));
  EXPECT_FALSE(transient_error(esm::kRegularOnly));
}

}  // namespace
}  // namespace smcf::envelope
