// queue_test.cpp -- the queue: qf files read and written byte for byte as
// sendmail writes them, queue ids as sendmail makes them, and the commit
// that survives a kill -9 at every step.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host/effects.hpp"
#include "queue/queue_dir.hpp"
#include "queue/queue_file_io.hpp"
#include "queue/queue_id.hpp"

namespace smcf::queue {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The qf files sendmail itself wrote (the cases not edited by the golden
// script).
std::vector<fs::path> sendmail_control_files() {
  std::vector<fs::path> out;
  for (const char* name : {"single", "multi", "deferred"}) {
    fs::path dir = fs::path(SMCF_TEST_DATA_DIR) / "queue" / "bp" / name / "queue";
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().filename().string().rfind("qf", 0) == 0) out.push_back(e.path());
  }
  return out;
}

class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/smcf-queue-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(QueueFile, SendmailsControlFilesReadAndWriteBackByteForByte) {
  auto files = sendmail_control_files();
  ASSERT_GE(files.size(), 5u);
  for (const fs::path& p : files) {
    std::string bytes = slurp(p);
    ParsedQueueFile parsed = parse_queue_file(bytes, p.filename().string());
    ASSERT_TRUE(parsed.file) << p << ": " << (parsed.error ? parsed.error->detail : "empty");
    EXPECT_EQ(write_queue_file(*parsed.file), bytes) << p;
  }
}

TEST(QueueFile, RecordsLandInTheirFields) {
  fs::path p = fs::path(SMCF_TEST_DATA_DIR) / "queue/bp/deferred/queue";
  std::string qf;
  for (const auto& e : fs::directory_iterator(p))
    if (e.path().filename().string().rfind("qf", 0) == 0) qf = slurp(e.path());
  ParsedQueueFile parsed = parse_queue_file(qf, "qf");
  ASSERT_TRUE(parsed.file);
  const QueueFile& f = *parsed.file;
  EXPECT_EQ(f.version, 8);
  EXPECT_EQ(f.tries, 1);
  EXPECT_EQ(f.sender, "MAILER-DAEMON");
  ASSERT_EQ(f.recipients.size(), 1u);
  EXPECT_EQ(f.recipients[0].address, "alice");
  EXPECT_EQ(f.recipients[0].flags, "PF");
  ASSERT_TRUE(f.recipients[0].message);
  EXPECT_EQ(*f.recipients[0].message, "alias database unavailable");
  EXPECT_EQ(f.recipients[0].final_rcpt.value_or(""), "RFC822; alice@mx.test.example");
  EXPECT_TRUE(f.has_flag('r'));
  // A folded header keeps its continuation line.
  bool folded = false;
  for (const auto& h : f.headers)
    if (h.text.rfind("Content-Type:", 0) == 0) folded = h.text.find("\n\tboundary=") != std::string::npos;
  EXPECT_TRUE(folded);
}

TEST(QueueFile, RefusesWhatReadqfRefuses) {
  auto reason = [](std::string_view text) {
    ParsedQueueFile p = parse_queue_file(text, "./qfX");
    return p.file ? std::string("accepted") : p.empty ? std::string("empty") : p.error->reason;
  };
  EXPECT_EQ(reason(""), "empty");
  EXPECT_EQ(reason("V8\nT1\nSalice\nRPF:bob\n"), "incomplete queue file read");
  EXPECT_EQ(reason("V9\nT1\n.\n"), "unsupported queue file version");
  EXPECT_EQ(reason("V8\nX what\n.\n"), "unrecognized line");
  EXPECT_EQ(reason("V8\n.\nRPF:intruder\n"), "bogus queue line");
  EXPECT_EQ(reason("V8\nFrom evil\n.\n"), "bogus queue line");
  EXPECT_EQ(reason("V8\nBBINARY\n.\n"), "bogus queue line");
  EXPECT_EQ(reason("V8\nAa=b\n.\n"), "bogus queue line");
  EXPECT_EQ(reason("V8\nT1\nSalice\nRPF:bob\n.\n"), "accepted");
  ParsedQueueFile bad = parse_queue_file("V8\nT1\n\x01garbage\n.\n", "./qfX");
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->line, 3);
  EXPECT_EQ(bad.error->detail, "readqf: ./qfX: line 3: bad line \"\x01garbage\"");
}

TEST(QueueId, IsSendmailsFormForTheSameTimePidAndSequence) {
  // sendmail 8.17.1.9 named a message queued at 1796279207 by pid 19056
  // 6B36Ql4X019056 (sequence "4X" = 4 * 60 + 33).
  EffectsOptions o;
  o.now = 1796279207;
  o.pid = 19056;
  o.random = 4 * 60 + 33;
  Effects fx(o);
  QueueIdSource ids(fx);
  EXPECT_EQ(ids.next(), "6B36Ql4X019056");
  EXPECT_EQ(ids.next(), "6B36Ql4Y019056");
}

TEST(QueueDir, CommitLeavesALockedWholeQfAndItsDf) {
  ScratchDir scratch;
  Effects fx;
  QueueDir dir(scratch.path(), fx);
  QueueFile qf;
  qf.created = 1796279207;
  qf.sender = "alice";
  qf.recipients.push_back({std::nullopt, std::nullopt, std::nullopt, std::nullopt, "PFD", "bob@example.com"});
  QueueError err;
  auto lock = dir.commit_new("6B36Ql4X019056", "body line\n", qf, &err);
  ASSERT_TRUE(lock) << err.step << " " << err.err;
  EXPECT_EQ(slurp(dir.file_path('d', "6B36Ql4X019056")), "body line\n");
  std::string written = slurp(dir.file_path('q', "6B36Ql4X019056"));
  ParsedQueueFile back = parse_queue_file(written, "qf");
  ASSERT_TRUE(back.file);
  EXPECT_EQ(back.file->recipients.at(0).address, "bob@example.com");
  EXPECT_FALSE(fs::exists(dir.file_path('t', "6B36Ql4X019056")));
  // The lock is held: another open file cannot take it.
  EXPECT_FALSE(dir.try_lock("6B36Ql4X019056"));
  lock.reset();
  EXPECT_TRUE(dir.try_lock("6B36Ql4X019056"));
}

TEST(QueueDir, ACommitThatFailsLeavesNothing) {
  ScratchDir scratch;
  Effects fx;
  QueueDir dir(scratch.path(), fx);
  QueueFile qf;
  qf.sender = "alice";
  QueueError err;
  ASSERT_TRUE(dir.commit_new("ID1", "x", qf, &err));
  // The same id again: the df exists, the commit refuses and keeps the first.
  EXPECT_FALSE(dir.commit_new("ID1", "y", qf, &err));
  EXPECT_EQ(err.step, "df-create");
  EXPECT_EQ(slurp(dir.file_path('d', "ID1")), "x");
  // A directory that cannot be written: nothing is left behind.
  QueueDir missing(scratch.path() + "/nosuch", fx);
  EXPECT_FALSE(missing.commit_new("ID2", "x", qf, &err));
  EXPECT_EQ(err.err, ENOENT);
}

// The kill -9 matrix of the commit: a child commits with a failpoint
// armed and dies there; what it leaves must never be a qf without its
// df, a half-written qf, or a qf at all before the rename.
TEST(QueueDir, AKillAtEveryCommitStepLeavesNoHalfMessage) {
  struct Step {
    const char* failpoint;
    bool qf_exists;  // after the kill
  };
  const Step steps[] = {
      {"queue.df.write", false}, {"queue.df.fsync", false}, {"queue.tf.write", false},
      {"queue.tf.fsync", false}, {"queue.rename", false},   {"queue.dir.fsync", true},
      {"queue.committed", true},
  };
  for (const Step& step : steps) {
    ScratchDir scratch;
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      EffectsOptions o;
      o.failpoint = step.failpoint;
      Effects fx(o);
      QueueDir dir(scratch.path(), fx);
      QueueFile qf;
      qf.sender = "alice";
      qf.recipients.push_back({std::nullopt, std::nullopt, std::nullopt, std::nullopt, "PFD", "bob"});
      QueueError err;
      auto lock = dir.commit_new("KILLED", std::string(100000, 'b'), qf, &err);
      ::_exit(lock ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << step.failpoint;
    Effects fx;
    QueueDir dir(scratch.path(), fx);
    bool qf = fs::exists(dir.file_path('q', "KILLED"));
    EXPECT_EQ(qf, step.qf_exists) << step.failpoint;
    if (qf) {
      // A qf that exists is whole, and so is its df.
      ParsedQueueFile parsed = parse_queue_file(slurp(dir.file_path('q', "KILLED")), "qf");
      EXPECT_TRUE(parsed.file) << step.failpoint;
      EXPECT_EQ(fs::file_size(dir.file_path('d', "KILLED")), 100000u) << step.failpoint;
      // and the dead process's lock is gone with it.
      EXPECT_TRUE(dir.try_lock("KILLED")) << step.failpoint;
    }
  }
}

}  // namespace
}  // namespace smcf::queue

namespace smcf::queue {
namespace {

// Found by fuzz_queue_file: a version-0 file (R records without flags)
// must be written back without flags, or it does not read back the same.
TEST(QueueFile, VersionZeroRecipientsRoundTrip) {
  std::string bytes = slurp(fs::path(SMCF_TEST_DATA_DIR) / "fuzz/regressions/queue_file-version0-flags");
  ParsedQueueFile parsed = parse_queue_file(bytes, "qf");
  ASSERT_TRUE(parsed.file);
  std::string once = write_queue_file(*parsed.file);
  ParsedQueueFile again = parse_queue_file(once, "qf");
  ASSERT_TRUE(again.file);
  EXPECT_EQ(write_queue_file(*again.file), once);
  // Version 0: the whole record is the address.
  EXPECT_EQ(again.file->recipients.at(0).address, "PFD:erin@example.com");
}

}  // namespace
}  // namespace smcf::queue

namespace smcf::queue {
namespace {

// Every input the fuzzer ever caught (tests/fuzz/regressions/queue_file-*)
// reads back as smcf writes it.
TEST(QueueFile, FuzzRegressionsAreStable) {
  int checked = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SMCF_TEST_DATA_DIR) / "fuzz/regressions")) {
    if (e.path().filename().string().rfind("queue_file-", 0) != 0) continue;
    ParsedQueueFile parsed = parse_queue_file(slurp(e.path()), "qf");
    if (!parsed.file) continue;
    std::string once = write_queue_file(*parsed.file);
    ParsedQueueFile again = parse_queue_file(once, "qf");
    ASSERT_TRUE(again.file) << e.path();
    EXPECT_EQ(write_queue_file(*again.file), once) << e.path();
    ++checked;
  }
  EXPECT_GE(checked, 2);
}

}  // namespace
}  // namespace smcf::queue
