// queue_dir.hpp -- one queue directory on disk: where its files are, the
// crash-safe commit of a new message, rewriting a control file, locks.
//
// The commit order is what makes an accepted message survive a crash at
// any instant (SuperSafe=True):
//   1. df written, fsync()ed, closed          (the body is on disk)
//   2. tf written under an exclusive flock(), fsync()ed
//   3. tf renamed to qf                       (the message exists, whole)
//   4. the directory fsync()ed                (the rename is on disk)
// Only then does submission exit 0.  In the daemon, steps 1-2's fsyncs
// and step 4's are rounds of its group commit (host/commit_group.hpp):
// one syncfs() shared with every session committing at the same time,
// in the same order.  A crash before 3 leaves a df and
// perhaps a tf, never a qf: no queue run delivers it (a tf or a df without
// a qf is not a message; `smcf -q` removes such leftovers once they are
// older than a queue run's grace period).  sendmail itself writes a new qf
// in place (O_EXCL) and relies on the final "." record; smcf's qf appears
// only by rename, so a reader never sees it half-written -- and a qf
// without the "." is refused either way.
//
// Locks are flock() on the qf (sendmail's HASFLOCK build on Linux), held
// by whoever delivers the message, so two queue runners never deliver one
// message twice; sendmail's -bp shows a locked entry with "*".
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "queue/queue_file.hpp"

namespace smcf {
class Effects;
}

namespace smcf::queue {

// A failed step: which one, and errno.
struct QueueError {
  std::string step;   // "df-create", "df-write", "df-fsync", "tf-create", "tf-write", ...
  std::string path;
  int err = 0;
};

// An open, flock()ed control file.  Closing it releases the lock.
class QueueLock {
 public:
  QueueLock() = default;
  explicit QueueLock(int fd) : fd_(fd) {}
  QueueLock(QueueLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  QueueLock& operator=(QueueLock&& o) noexcept;
  QueueLock(const QueueLock&) = delete;
  QueueLock& operator=(const QueueLock&) = delete;
  ~QueueLock();
  bool held() const { return fd_ >= 0; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

class QueueDir {
 public:
  // `path` is QueueDirectory; qf/ and df/ subdirectories are used when
  // they exist, as sendmail does.
  QueueDir(std::string path, const Effects& effects, unsigned file_mode = 0600);

  const std::string& path() const { return path_; }
  // The directory qf (tf, xf) files are in, and the one df files are in.
  const std::string& control_dir() const { return qf_dir_; }
  const std::string& data_dir() const { return df_dir_; }
  bool separate_data_dir() const { return df_dir_ != qf_dir_; }
  std::string file_path(char kind, std::string_view id) const;  // kind: 'q', 'd', 't', 'x', 'Q', 'h'
  bool exists(char kind, std::string_view id) const;

  // Commits a new message (steps 1-4 above).  Like sendmail for a df that
  // collect() wrote, no I record is added.
  // On success the returned lock holds the new qf; on failure nothing of
  // the message is left behind.
  std::optional<QueueLock> commit_new(std::string_view id, std::string_view body, QueueFile& qf,
                                      QueueError* error);

  // Replaces the qf of a message whose lock is held (tf, fsync, rename,
  // directory fsync); the lock moves to the new file.
  bool rewrite(std::string_view id, const QueueFile& qf, QueueLock& lock, QueueError* error);

  // Removes a delivered message: qf first (from then on it is gone), then
  // df and xf; the directory is not fsynced (a lost unlink redelivers).
  bool remove(std::string_view id, QueueError* error);

  // loseqfile(): renames qf to Qf so that no run tries it again.
  void lose(std::string_view id) const;

  // flock(LOCK_EX|LOCK_NB) on the qf; nullopt when it is missing, held,
  // or was removed or replaced while we took the lock.
  std::optional<QueueLock> try_lock(std::string_view id) const;

  // The ids of the qf files, in readdir() order (what sendmail sorts).
  std::vector<std::string> control_files() const;

 private:
  bool grouped() const;
  bool sync_dir(const std::string& dir, QueueError* error) const;

  std::string path_;
  std::string qf_dir_;
  std::string df_dir_;
  const Effects& effects_;
  unsigned file_mode_;
};

}  // namespace smcf::queue
