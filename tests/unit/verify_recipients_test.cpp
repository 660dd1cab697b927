// verify_recipients_test.cpp -- recipient processing end to end on the
// corpus's generic-linux config with the -bv test data (tests/verify/):
// aliases, :include: lists, .forward files, duplicates, loops, owners and
// the report sendall() makes in verify mode.
#include <gtest/gtest.h>

#include <memory>

#include "address/sender.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "read/reader.hpp"
#include "test_support.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "verify/verify_report.hpp"

namespace smcf::verify {
using namespace envelope;

namespace {

const std::string kVerify = std::string(SMCF_TEST_DATA_DIR) + "/verify";

SystemOptions verify_system() {
  SystemOptions o = smcf::testing::pinned_system("generic-linux");
  o.no_dns = true;
  // More specific remaps first is not needed: the longest prefix wins.
  o.remap.emplace_back("/etc/mail/aliases", kVerify + "/maildir/aliases");
  o.remap.emplace_back("/etc/mail/lists", kVerify + "/maildir/lists");
  o.remap.emplace_back("/home", kVerify + "/home");
  o.remap.emplace_back("/root", kVerify + "/nohome");
  o.remap.emplace_back("/etc/shells", kVerify + "/pinned/shells");
  return o;
}

// One -bv run: what it prints, its queue, its exit status.
struct VerifyRun {
  Output out;
  Reporter rep{&out};
  System sys{verify_system()};
  std::shared_ptr<const CompiledConfig> cc;
  std::unique_ptr<Runtime> rt;
  std::unique_ptr<RecipientList> list;

  explicit VerifyRun(std::vector<CommandLineOption> options = {}) {
    rep.set_recording(false);
    ReadRequest req;
    req.file_name = "/etc/mail/generic-linux.cf";
    int err = 0;
    req.text = *sys.read_file(req.file_name, &err);
    req.test_mode = false;
    req.options = std::move(options);
    cc = std::make_shared<const CompiledConfig>(read_config(req, sys, rep));
    rt = std::make_unique<Runtime>(cc, sys, rep);
    list = std::make_unique<RecipientList>(*rt);
  }

  std::string verify(const std::vector<std::string>& args) {
    SenderEnv env;
    env.sys = &sys;
    env.real_name = "root";
    EnvelopeState st;
    ParsedAddress from = set_sender(rt->ctx(), env.real_name, env, st);
    list->set_sender(from, st.from_printable);
    list->send_to_argv(args);
    report_deliverable(*list, env);
    return out.take();
  }

  const QueueAddress* queued(std::string_view paddr) {
    for (const QueueAddress* q : list->queue().ordered())
      if (q->paddr == paddr) return q;
    return nullptr;
  }
};

TEST(VerifyRecipients, AliasExpandsToItsMembers) {
  VerifyRun r;
  std::string out = r.verify({"staff"});
  // staff: team, dave.jones -- team: alice, bob, carol; bob and carol
  // forward elsewhere, dave.jones to a program, a file and a list.
  EXPECT_NE(out.find("alice... deliverable: mailer local, user alice\n"), std::string::npos);
  EXPECT_NE(out.find("\\bob... deliverable: mailer local, user \\bob\n"), std::string::npos);
  EXPECT_NE(out.find("/home/dave.jones/.forward: line 3: nosuchuser2... User unknown\n"), std::string::npos);
  ASSERT_NE(r.queued("staff"), nullptr);
  EXPECT_EQ(r.queued("staff")->state, QState::Expanded);
  EXPECT_EQ(r.queued("team")->state, QState::Expanded);
  EXPECT_EQ(r.queued("bob")->state, QState::DontSend);  // replaced by its .forward
  EXPECT_EQ(r.rep.exit_status(), 67);
}

TEST(VerifyRecipients, DuplicatesAreDeliveredOnce) {
  VerifyRun r;
  std::string out = r.verify({"alice", "alice", "team", "Alice", "<alice>"});
  std::size_t first = out.find("alice... deliverable");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(out.find("alice... deliverable", first + 1), std::string::npos);
  EXPECT_EQ(out.find("Alice... deliverable"), std::string::npos);  // "Alice" is found as alice
}

TEST(VerifyRecipients, OutputIsSortedByHost) {
  VerifyRun r;
  std::string out = r.verify({"x@b.example", "alice", "y@A.example", "z@a.example"});
  EXPECT_EQ(out,
            "alice... deliverable: mailer local, user alice\n"
            "y@A.example... deliverable: mailer esmtp, host a.example, user y@A.example\n"
            "z@a.example... deliverable: mailer esmtp, host a.example, user z@a.example\n"
            "x@b.example... deliverable: mailer esmtp, host b.example, user x@b.example\n");
}

TEST(VerifyRecipients, AnAliasLoopAloneIsAnError) {
  VerifyRun r;
  EXPECT_EQ(r.verify({"loop1"}), "aliasing/forwarding loop broken\n");
  EXPECT_EQ(r.rep.error_count(), 1);
}

TEST(VerifyRecipients, AliasDepthIsLimited) {
  VerifyRun r({{' ', "MaxAliasRecursion=3"}});
  std::string out = r.verify({"deep1"});
  EXPECT_EQ(out, "aliasing/forwarding loop broken (4 aliases deep; 3 max)\n");
}

TEST(VerifyRecipients, IncludeFilesAndTheirErrors) {
  VerifyRun r;
  // The list's members come from a list with an owner (owner-list): they
  // all go to the owner's envelope.  Named directly, the :include: is the
  // one the list already had (no "Cannot mail directly to :include:s").
  EXPECT_EQ(r.verify({"list", "badinc", ":include:/etc/mail/lists/list.txt"}),
            "/etc/mail/lists/list.txt: line 6: nosuchuser... User unknown\n"
            ":include:/etc/mail/lists/missing.txt... Cannot open /etc/mail/lists/missing.txt: "
            "No such file or directory\n"
            "alice... deliverable: mailer local, user alice\n"
            "\\bob... deliverable: mailer local, user \\bob\n"
            "bob@example.net... deliverable: mailer esmtp, host example.net, user bob@example.net\n"
            "remote@example.org... deliverable: mailer esmtp, host example.org, user remote@example.org\n"
            "carol@other.example.org... deliverable: mailer esmtp, host other.example.org., "
            "user carol@other.example.org\n");
}

TEST(VerifyRecipients, ProgramsAndFilesOnlyThroughAliases) {
  VerifyRun direct;
  EXPECT_EQ(direct.verify({"|/bin/cat", "/tmp/file"}),
            "|/bin/cat... Cannot mail directly to programs\n"
            "/tmp/file... Cannot mail directly to files\n");
  VerifyRun aliased;
  std::string out = aliased.verify({"progfile"});
  EXPECT_NE(out.find("\"|/bin/cat\"... deliverable: mailer prog, user |/bin/cat\n"), std::string::npos);
  EXPECT_NE(out.find("/tmp/out... deliverable: mailer *file*, user /tmp/out\n"), std::string::npos);
}

}  // namespace
}  // namespace smcf::verify
