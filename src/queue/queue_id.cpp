// queue_id.cpp -- sendmail's queue ids (see queue_id.hpp).
#include "queue/queue_id.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "host/effects.hpp"

namespace smcf::queue {
namespace {

constexpr char kIdChars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr unsigned kIdLen = 60;      // minutes and seconds are 0..59 ...
constexpr unsigned kIdLenLeap = 62;  // ... or up to 61 with leap seconds
constexpr unsigned kSequences = kIdLen * kIdLen;

}  // namespace

std::string QueueIdSource::next() {
  long pid = effects_.pid();
  if (count_ >= kSequences || base_time_ == 0 || base_pid_ != pid) {
    std::time_t then = base_time_;
    if (base_time_ == 0) offset_ = effects_.random() % kSequences;
    bool pinned = effects_.options().now.has_value();
    while ((base_time_ = effects_.now()) == then && base_pid_ == pid && !pinned) ::sleep(1);
    base_pid_ = pid;
    count_ = 0;
  }
  unsigned seq = (count_ + offset_) % kSequences;
  ++count_;
  std::tm tm{};
  ::gmtime_r(&base_time_, &tm);
  std::string id;
  id.push_back(kIdChars[tm.tm_year % kIdLen]);
  id.push_back(kIdChars[tm.tm_mon]);
  id.push_back(kIdChars[tm.tm_mday]);
  id.push_back(kIdChars[tm.tm_hour]);
  id.push_back(kIdChars[tm.tm_min % kIdLenLeap]);
  id.push_back(kIdChars[tm.tm_sec % kIdLenLeap]);
  id.push_back(kIdChars[seq / kIdLen]);
  id.push_back(kIdChars[seq % kIdLen]);
  id += fmt::format("{:06d}", base_pid_);
  return id;
}

}  // namespace smcf::queue
