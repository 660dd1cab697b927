// send_queue.hpp -- an envelope's send queue (sendmail's e_sendqueue) with
// sendmail's order and duplicate suppression, in linear time.
//
// sendmail keeps the queue as a linked list sorted by a comparison
// function (sorthost() by default: the host, without case), puts a new
// address before the first one that sorts after it, and, walking there,
// asks sameaddr() of every address that sorts equal.  That walk makes
// recipient() quadratic.  Here the queue is a map of sort groups, each in
// insertion order, which yields the same order; and the duplicate search is
// one hash lookup keyed the way sameaddr() compares (mailer, user, host),
// whose bucket holds the candidates in queue order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "envelope/queue_address.hpp"

namespace smcf::envelope {

class SendQueue {
 public:
  // The sort key of an address: addresses are ordered by the key's bytes
  // (unsigned), equal keys in insertion order.
  using SortKey = std::function<std::string(const QueueAddress&)>;

  SendQueue(SortKey key, const Mailer* prog_mailer);

  // recipient()'s search: the first queued address that is sameaddr() to
  // `a` and either already processed (QRCPTOK) or not a primary address.
  QueueAddress* find_duplicate(const QueueAddress& a) const;

  // Adds `a` where sendmail's insertion puts it.  `a` must outlive the queue.
  void insert(QueueAddress& a);

  // Changing the user of a queued address (a fuzzy passwd match) keeps it
  // where it is, but it is found as a duplicate under its new name.
  void set_user(QueueAddress& a, std::string user);

  // Every state change goes through here, so that has_live() stays O(1).
  void set_state(QueueAddress& a, QState s);

  // Whether any queued address is not dead (QS_IS_DEAD).
  bool has_live() const { return live_ > 0; }

  // The queue in sendmail's order.
  std::vector<QueueAddress*> ordered() const;
  std::size_t size() const { return size_; }

 private:
  std::string dup_key(const QueueAddress& a) const;

  SortKey key_;
  const Mailer* prog_;
  std::map<std::string, std::vector<QueueAddress*>> groups_;
  // Candidates for sameaddr(), each bucket in queue order (by seq).
  std::unordered_map<std::string, std::vector<QueueAddress*>> dups_;
  std::size_t live_ = 0;
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

// sendmail's sorthost() key: the host with ASCII letters folded.
std::string host_sort_key(const QueueAddress& a);

}  // namespace smcf::envelope
