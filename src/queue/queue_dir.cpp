// queue_dir.cpp -- files of one queue directory (see queue_dir.hpp).
#include "queue/queue_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "host/commit_group.hpp"
#include "host/effects.hpp"
#include "queue/queue_file_io.hpp"

namespace smcf::queue {
namespace {

bool is_dir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool fail(QueueError* error, std::string step, std::string path, int err) {
  if (error) *error = QueueError{std::move(step), std::move(path), err};
  return false;
}

// write() all of `data`, retrying short writes and EINTR.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

QueueLock& QueueLock::operator=(QueueLock&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

QueueLock::~QueueLock() {
  if (fd_ >= 0) ::close(fd_);
}

QueueDir::QueueDir(std::string path, const Effects& effects, unsigned file_mode)
    : path_(std::move(path)), effects_(effects), file_mode_(file_mode) {
  while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
  qf_dir_ = is_dir(path_ + "/qf") ? path_ + "/qf" : path_;
  df_dir_ = is_dir(path_ + "/df") ? path_ + "/df" : path_;
}

std::string QueueDir::file_path(char kind, std::string_view id) const {
  const std::string& dir = kind == 'd' ? df_dir_ : qf_dir_;
  return fmt::format("{}/{}f{}", dir, kind, id);
}

bool QueueDir::sync_dir(const std::string& dir, QueueError* error) const {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail(error, "dir-open", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  // Some file systems cannot fsync a directory (EINVAL); there the rename
  // is as durable as it gets.
  if (rc != 0 && err != EINVAL) return fail(error, "dir-fsync", dir, err);
  return true;
}

bool QueueDir::exists(char kind, std::string_view id) const {
  struct stat st {};
  return ::lstat(file_path(kind, id).c_str(), &st) == 0;
}

// Whether both directories are on the file system of the daemon's group
// commit, so that its rounds can stand in for this commit's own fsyncs.
bool QueueDir::grouped() const {
  const CommitGroup* g = effects_.commit_group();
  if (!g) return false;
  struct stat q {}, d {};
  return ::stat(qf_dir_.c_str(), &q) == 0 && ::stat(df_dir_.c_str(), &d) == 0 && g->covers(q.st_dev) &&
         g->covers(d.st_dev);
}

std::optional<QueueLock> QueueDir::commit_new(std::string_view id, std::string_view body, QueueFile& qf,
                                              QueueError* error) {
  const std::string df = file_path('d', id);
  const std::string tf = file_path('t', id);
  const std::string qfp = file_path('q', id);
  // In a group commit, round 1 stands for the df and tf fsyncs and round
  // 2 for the directory's: the same order, shared with other sessions.
  CommitGroup* group = grouped() ? effects_.commit_group() : nullptr;
  auto undo = [&](bool tf_made) {
    ::unlink(df.c_str());
    if (tf_made) ::unlink(tf.c_str());
  };

  // 1. the body.
  int dfd = ::open(df.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode_);
  if (dfd < 0) {
    fail(error, "df-create", df, errno);
    return std::nullopt;
  }
  effects_.failpoint("queue.df.write");
  if (!write_all(dfd, body)) {
    int err = errno;
    ::close(dfd);
    undo(false);
    fail(error, "df-write", df, err);
    return std::nullopt;
  }
  effects_.failpoint("queue.df.fsync");
  struct stat st {};
  if ((!group && ::fsync(dfd) != 0) || ::fstat(dfd, &st) != 0) {
    int err = errno;
    ::close(dfd);
    undo(false);
    fail(error, "df-fsync", df, err);
    return std::nullopt;
  }
  if (::close(dfd) != 0) {
    int err = errno;
    undo(false);
    fail(error, "df-close", df, err);
    return std::nullopt;
  }

  // 2. the control file, as tf, locked.
  int tfd = ::open(tf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode_);
  if (tfd < 0) {
    int err = errno;
    undo(false);
    fail(error, "tf-create", tf, err);
    return std::nullopt;
  }
  QueueLock lock(tfd);
  if (::flock(tfd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    undo(true);
    fail(error, "tf-lock", tf, err);
    return std::nullopt;
  }
  effects_.failpoint("queue.tf.write");
  if (!write_all(tfd, write_queue_file(qf))) {
    int err = errno;
    undo(true);
    fail(error, "tf-write", tf, err);
    return std::nullopt;
  }
  effects_.failpoint("queue.tf.fsync");
  if (const int err = group ? group->sync(tfd) : (::fsync(tfd) == 0 ? 0 : errno); err != 0) {
    undo(true);
    fail(error, group ? "group-sync" : "tf-fsync", tf, err);
    return std::nullopt;
  }
  // 3. the message exists.
  effects_.failpoint("queue.rename");
  if (::rename(tf.c_str(), qfp.c_str()) != 0) {
    int err = errno;
    undo(true);
    fail(error, "rename", qfp, err);
    return std::nullopt;
  }
  // 4. and its name is on disk.
  effects_.failpoint("queue.dir.fsync");
  QueueError dir_error;
  bool named = true;
  if (group) {
    if (const int err = group->sync(tfd); err != 0) named = fail(&dir_error, "group-sync", qf_dir_, err);
  } else {
    named = sync_dir(qf_dir_, &dir_error) && (!separate_data_dir() || sync_dir(df_dir_, &dir_error));
  }
  if (!named) {
    // The qf may or may not survive a crash now: take the message back
    // rather than accept it on a guess.
    ::unlink(qfp.c_str());
    undo(false);
    if (error) *error = dir_error;
    return std::nullopt;
  }
  effects_.failpoint("queue.committed");
  return lock;
}

bool QueueDir::rewrite(std::string_view id, const QueueFile& qf, QueueLock& lock, QueueError* error) {
  const std::string tf = file_path('t', id);
  const std::string qfp = file_path('q', id);
  int tfd = ::open(tf.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, file_mode_);
  if (tfd < 0) return fail(error, "tf-create", tf, errno);
  QueueLock next(tfd);
  if (::flock(tfd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::unlink(tf.c_str());
    return fail(error, "tf-lock", tf, err);
  }
  effects_.failpoint("queue.rewrite.write");
  if (!write_all(tfd, write_queue_file(qf)) || ::fsync(tfd) != 0) {
    int err = errno;
    ::unlink(tf.c_str());
    return fail(error, "tf-write", tf, err);
  }
  effects_.failpoint("queue.rewrite.rename");
  if (::rename(tf.c_str(), qfp.c_str()) != 0) {
    int err = errno;
    ::unlink(tf.c_str());
    return fail(error, "rename", qfp, err);
  }
  lock = std::move(next);
  return sync_dir(qf_dir_, error);
}

bool QueueDir::remove(std::string_view id, QueueError* error) {
  const std::string qfp = file_path('q', id);
  if (::unlink(qfp.c_str()) != 0 && errno != ENOENT) return fail(error, "qf-unlink", qfp, errno);
  ::unlink(file_path('d', id).c_str());
  ::unlink(file_path('x', id).c_str());
  // No directory fsync here (sendmail does none either): if a power loss
  // undoes the unlink, the message is delivered again -- a duplicate, never
  // a loss -- and every delivered message would otherwise pay one.
  (void)error;
  return true;
}

void QueueDir::lose(std::string_view id) const {
  ::rename(file_path('q', id).c_str(), file_path('Q', id).c_str());
}

std::optional<QueueLock> QueueDir::try_lock(std::string_view id) const {
  const std::string path = file_path('q', id);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  // readqf()'s race check: between our open() and our lock another runner
  // may have finished the message (qf removed) or rewritten it (a new qf
  // renamed over it).  Then the file we hold is not the message any more.
  struct stat held {}, named {};
  if (::fstat(fd, &held) != 0 || ::stat(path.c_str(), &named) != 0 || held.st_nlink == 0 ||
      held.st_dev != named.st_dev || held.st_ino != named.st_ino) {
    ::close(fd);
    return std::nullopt;
  }
  return QueueLock(fd);
}

std::vector<std::string> QueueDir::control_files() const {
  std::vector<std::string> ids;
  DIR* d = ::opendir(qf_dir_.c_str());
  if (!d) return ids;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] == 'q' && e->d_name[1] == 'f') ids.emplace_back(e->d_name + 2);
  }
  ::closedir(d);
  return ids;
}

}  // namespace smcf::queue
