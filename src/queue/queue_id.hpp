// queue_id.hpp -- queue ids in sendmail's form (queue.c assign_queueid()).
//
// Eight characters from "0-9A-Za-z": year % 60, month, day, hour, minute,
// second (UTC) and a two-character sequence number (a random start, then
// counting, 3600 per base time), followed by the pid as six digits.  A
// process makes at most 3600 ids per second; when it runs out it waits for
// the next second, as sendmail does (not with a pinned clock: there the
// sequence simply wraps, which the tests never reach).
#pragma once
#include <ctime>
#include <string>

namespace smcf {
class Effects;
}

namespace smcf::queue {

class QueueIdSource {
 public:
  explicit QueueIdSource(const Effects& effects) : effects_(effects) {}
  std::string next();

 private:
  const Effects& effects_;
  std::time_t base_time_ = 0;
  long base_pid_ = -1;
  unsigned count_ = 0;
  unsigned offset_ = 0;
};

}  // namespace smcf::queue
