// send_queue.cpp -- the send queue's order and duplicate index.
#include "envelope/send_queue.hpp"

#include <algorithm>
#include <cstring>

#include "base/bytes.hpp"

namespace smcf::envelope {

std::string host_sort_key(const QueueAddress& a) { return lower_ascii(a.host); }

SendQueue::SendQueue(SortKey key, const Mailer* prog_mailer) : key_(std::move(key)), prog_(prog_mailer) {}

std::string SendQueue::dup_key(const QueueAddress& a) const {
  // sameaddr() needs the same mailer object, user and host; the mailer is
  // told apart by its address.
  std::string k;
  const Mailer* m = a.mailer;
  k.append(reinterpret_cast<const char*>(&m), sizeof m);
  k.append(a.user);
  k.push_back('\0');
  k.append(a.host);
  return k;
}

QueueAddress* SendQueue::find_duplicate(const QueueAddress& a) const {
  if (a.error_mailer()) return nullptr;  // never sameaddr()
  auto it = dups_.find(dup_key(a));
  if (it == dups_.end()) return nullptr;
  for (QueueAddress* q : it->second) {
    if (!same_address(*q, a, prog_)) continue;
    if ((q->flags & qflag::kRcptOk) || !(q->flags & qflag::kPrimary)) return q;
  }
  return nullptr;
}

void SendQueue::insert(QueueAddress& a) {
  a.queued = true;
  a.seq = next_seq_++;
  groups_[key_(a)].push_back(&a);
  if (!a.error_mailer()) dups_[dup_key(a)].push_back(&a);
  if (!is_dead(a.state)) ++live_;
  ++size_;
}

void SendQueue::set_user(QueueAddress& a, std::string user) {
  if (!a.queued || a.error_mailer()) {
    a.user = std::move(user);
    return;
  }
  auto old = dups_.find(dup_key(a));
  if (old != dups_.end()) {
    auto& v = old->second;
    v.erase(std::remove(v.begin(), v.end(), &a), v.end());
    if (v.empty()) dups_.erase(old);
  }
  a.user = std::move(user);
  auto& v = dups_[dup_key(a)];
  auto at = std::lower_bound(v.begin(), v.end(), a.seq,
                             [](const QueueAddress* q, std::uint64_t seq) { return q->seq < seq; });
  v.insert(at, &a);
}

void SendQueue::set_state(QueueAddress& a, QState s) {
  if (a.queued) {
    bool was = !is_dead(a.state), now = !is_dead(s);
    if (was && !now) --live_;
    if (!was && now) ++live_;
  }
  a.state = s;
}

std::vector<QueueAddress*> SendQueue::ordered() const {
  std::vector<QueueAddress*> out;
  out.reserve(size_);
  for (const auto& [key, group] : groups_) out.insert(out.end(), group.begin(), group.end());
  return out;
}

}  // namespace smcf::envelope
