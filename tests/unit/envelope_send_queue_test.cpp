// envelope_send_queue_test.cpp -- the send queue keeps sendmail's order
// (sorted by host without case, equal hosts in insertion order) and finds
// duplicates the way recipient()'s walk with sameaddr() does.
#include <gtest/gtest.h>

#include <deque>

#include "ir/mailer.hpp"
#include "envelope/send_queue.hpp"

namespace smcf::envelope {
namespace {

struct Fixture {
  Mailer local, smtp, prog;
  std::deque<QueueAddress> store;
  SendQueue q{host_sort_key, &prog};

  Fixture() {
    local.name = "local";
    smtp.name = "smtp";
    prog.name = "prog";
  }
  QueueAddress& add(const Mailer* m, std::string user, std::string host, std::uint32_t flags = qflag::kRcptOk) {
    QueueAddress a;
    a.mailer = m;
    a.user = std::move(user);
    a.host = std::move(host);
    a.paddr = a.user + (a.host.empty() ? "" : "@" + a.host);
    a.flags = flags;
    store.push_back(std::move(a));
    return store.back();
  }
};

std::vector<std::string> paddrs(const SendQueue& q) {
  std::vector<std::string> out;
  for (const QueueAddress* a : q.ordered()) out.push_back(a->paddr);
  return out;
}

TEST(VerifySendQueue, OrderIsByHostWithoutCaseThenInsertion) {
  Fixture f;
  for (auto* a : {&f.add(&f.smtp, "u1", "b.example"), &f.add(&f.local, "alice", ""),
                  &f.add(&f.smtp, "u2", "A.example"), &f.add(&f.smtp, "u3", "a.example"),
                  &f.add(&f.local, "bob", "")})
    f.q.insert(*a);
  EXPECT_EQ(paddrs(f.q), (std::vector<std::string>{"alice", "bob", "u2@A.example", "u3@a.example", "u1@b.example"}));
  EXPECT_EQ(f.q.size(), 5u);
}

TEST(VerifySendQueue, DuplicatesNeedSameMailerUserAndHost) {
  Fixture f;
  f.q.insert(f.add(&f.local, "alice", ""));
  f.q.insert(f.add(&f.smtp, "alice", "example.com"));
  EXPECT_NE(f.q.find_duplicate(f.add(&f.local, "alice", "")), nullptr);
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.local, "Alice", "")), nullptr);  // users compare with case
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.smtp, "alice", "")), nullptr);
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.smtp, "alice", "EXAMPLE.COM")), nullptr);
  EXPECT_NE(f.q.find_duplicate(f.add(&f.smtp, "alice", "example.com")), nullptr);
}

TEST(VerifySendQueue, ErrorMailerAddressesAreNeverDuplicates) {
  Fixture f;
  f.q.insert(f.add(nullptr, "no such user", ""));
  EXPECT_EQ(f.q.find_duplicate(f.add(nullptr, "no such user", "")), nullptr);
}

TEST(VerifySendQueue, APrimaryAddressStillBeingProcessedIsSkipped) {
  Fixture f;
  // recipient() of a top-level address is under way (QPRIMARY, no QRCPTOK
  // yet): an alias expansion that leads back to it is not its duplicate...
  QueueAddress& top = f.add(&f.local, "alice", "", qflag::kPrimary);
  f.q.insert(top);
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.local, "alice", "")), nullptr);
  // ...but the first copy that qualifies is, in queue order.
  QueueAddress& copy = f.add(&f.local, "alice", "", 0);
  f.q.insert(copy);
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.local, "alice", "")), &copy);
  top.flags |= qflag::kRcptOk;
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.local, "alice", "")), &top);
}

TEST(VerifySendQueue, ProgramAddressesOfDifferentUsersDiffer) {
  Fixture f;
  QueueAddress& owner1 = f.add(&f.local, "bob", "");
  owner1.flags |= qflag::kGoodUid;
  owner1.uid = 1002;
  QueueAddress& owner2 = f.add(&f.local, "carol", "");
  owner2.flags |= qflag::kGoodUid;
  owner2.uid = 1003;
  QueueAddress& p1 = f.add(&f.prog, "|/bin/true", "");
  p1.alias = &owner1;
  f.q.insert(p1);
  QueueAddress& p2 = f.add(&f.prog, "|/bin/true", "");
  p2.alias = &owner2;
  EXPECT_EQ(f.q.find_duplicate(p2), nullptr);
  p2.alias = &owner1;
  EXPECT_EQ(f.q.find_duplicate(p2), &p1);
}

TEST(VerifySendQueue, ARenamedAddressIsFoundUnderItsNewName) {
  Fixture f;
  QueueAddress& a = f.add(&f.local, "ALICE", "");
  f.q.insert(a);
  f.q.set_user(a, "alice");
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.local, "alice", "")), &a);
  EXPECT_EQ(f.q.find_duplicate(f.add(&f.local, "ALICE", "")), nullptr);
  EXPECT_EQ(paddrs(f.q), std::vector<std::string>{"ALICE"});  // it keeps its place
}

TEST(VerifySendQueue, LiveCountFollowsStateChanges) {
  Fixture f;
  QueueAddress& a = f.add(&f.local, "alice", "");
  QueueAddress& b = f.add(&f.local, "team", "");
  b.state = QState::Expanded;
  f.q.insert(b);
  EXPECT_FALSE(f.q.has_live());
  f.q.insert(a);
  EXPECT_TRUE(f.q.has_live());
  f.q.set_state(a, QState::BadAddr);  // bad addresses are not dead
  EXPECT_TRUE(f.q.has_live());
  f.q.set_state(a, QState::DontSend);
  EXPECT_FALSE(f.q.has_live());
  f.q.set_state(b, QState::Ok);
  EXPECT_TRUE(f.q.has_live());
}

TEST(VerifySendQueue, ManyRecipientsOfOneHostStayCheap) {
  // sendmail walks every address of the same host for each new one; here
  // 100,000 inserts and lookups are one hash probe each.
  Fixture f;
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) {
    QueueAddress& a = f.add(&f.smtp, "user" + std::to_string(i), "example.com");
    ASSERT_EQ(f.q.find_duplicate(a), nullptr);
    f.q.insert(a);
  }
  for (int i = 0; i < kN; i += 997) EXPECT_NE(f.q.find_duplicate(f.add(&f.smtp, "user" + std::to_string(i), "example.com")), nullptr);
  EXPECT_EQ(f.q.size(), static_cast<std::size_t>(kN));
}

}  // namespace
}  // namespace smcf::envelope
