// queue_address.cpp -- sendmail's sameaddr() and getctladdr().
#include "envelope/queue_address.hpp"

namespace smcf::envelope {

const QueueAddress* controlling_address(const QueueAddress* a) {
  while (a != nullptr && !(a->flags & qflag::kGoodUid)) a = a->alias;
  return a;
}

bool same_address(const QueueAddress& a, const QueueAddress& b, const Mailer* prog_mailer) {
  if (a.mailer != b.mailer) return false;
  // Addresses that resolved to the error mailer are never the same.
  if (a.error_mailer()) return false;
  if (a.user != b.user) return false;
  if (a.mailer == prog_mailer) {
    const QueueAddress* ca = controlling_address(&a);
    const QueueAddress* cb = controlling_address(&b);
    if (ca != nullptr && cb != nullptr && (ca->flags & cb->flags & qflag::kGoodUid) && ca->uid != cb->uid)
      return false;
  }
  // Hosts are never NULL here (parseaddr() makes a missing host "").
  return a.host == b.host;
}

}  // namespace smcf::envelope
