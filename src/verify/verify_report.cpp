// verify_report.cpp -- sendall() in verify mode (see verify_report.hpp).
#include "verify/verify_report.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "address/sender.hpp"
#include "base/diag.hpp"
#include "ir/mailer.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"

namespace smcf::verify {
using namespace envelope;

namespace {

// One address as an envelope's copy of the send queue holds it: sendmail
// copies the queue when it splits an envelope, states and owner pointers
// included, and changes the copies independently.
struct Slot {
  QueueAddress* q;
  QState state;
  const std::string* owner;  // compared by pointer, like sendmail's q_owner
};
using Envelope = std::vector<Slot>;

void print_envelope(const Envelope& env, Reporter& rep) {
  for (const Slot& s : env) {
    rep.set_current_address(s.q->paddr);
    if (!is_sendable(s.state)) continue;
    const QueueAddress& q = *s.q;
    std::string_view mailer = q.mailer ? std::string_view(q.mailer->name) : std::string_view("*error*");
    if (!q.host.empty())
      rep.message("verify-deliverable", fmt::format("deliverable: mailer {}, host {}, user {}", mailer, q.host, q.user));
    else
      rep.message("verify-deliverable", fmt::format("deliverable: mailer {}, user {}", mailer, q.user));
  }
}

}  // namespace

void report_deliverable(RecipientList& list, const SenderEnv& sender_env) {
  Runtime& rt = list.runtime();
  Reporter& rep = rt.rep();
  const EnvelopeOptions& o = rt.options();
  QueueAddress& from = list.sender();

  // Sender deletion: the sender does not get copies of lists (unless MeToo).
  if (!o.me_too && from.state != QState::QueueUp) {
    from.state = QState::Sender;
    list.recipient(&from, 0);
  }

  // Owners pass down the alias chains; an owner that is the sender is none.
  std::vector<QueueAddress*> order = list.queue().ordered();
  for (QueueAddress* q : order) {
    QueueAddress* a = q;
    while (a != nullptr && !a->owner) a = a->alias;
    if (a != nullptr) q->owner = a->owner;
    if (q->owner && !is_dead(q->state) && *q->owner == from.paddr) q->owner.reset();
  }

  Envelope main;
  main.reserve(order.size());
  for (QueueAddress* q : order) main.push_back(Slot{q, q->state, q->owner.get()});

  // Split off the addresses of each owner while there are others.
  std::vector<Envelope> splits;
  std::vector<const std::string*> split_owners;
  static const std::string kStart;
  const std::string* owner = &kStart;
  int otherowners = 1;
  while (owner != nullptr && otherowners > 0) {
    owner = nullptr;
    otherowners = list.send_receipt() ? 1 : 0;
    for (Slot& s : main) {
      if (is_dead(s.state)) continue;
      if (s.owner != nullptr) {
        if (owner == nullptr) {
          owner = s.owner;
        } else if (owner != s.owner) {
          if (*owner == *s.owner) s.owner = owner;  // make future comparisons cheap
          else ++otherowners;
          owner = s.owner;
        }
      } else {
        ++otherowners;
      }
      if (s.state == QState::BadAddr || s.state == QState::QueueUp) continue;
      const Mailer* m = s.q->mailer;
      if (m != nullptr && ((o.no_connect && rep.verbose() == 0 && m->has_flag('e')) || m->has_flag('%')))
        s.state = QState::QueueUp;  // expensive, or held: still deliverable
    }
    if (owner != nullptr && otherowners > 0) {
      Envelope ee = main;
      for (Slot& s : main)
        if (s.owner == owner) s.state = QState::Cloned;
      for (Slot& s : ee)
        if (s.owner != owner) s.state = QState::Cloned;
      splits.push_back(std::move(ee));
      split_owners.push_back(owner);
    }
  }

  // The split envelopes, and then the main one, get their owner as sender.
  for (const std::string* so : split_owners) {
    EnvelopeState scratch;
    smcf::set_sender(rt.ctx(), *so, sender_env, scratch);
  }
  if (owner != nullptr) {
    EnvelopeState scratch;
    smcf::set_sender(rt.ctx(), *owner, sender_env, scratch);
  }

  // Verify mode reports with Verbose = 2.
  int old_verbose = rep.verbose();
  rep.set_verbose(2);
  print_envelope(main, rep);
  for (auto it = splits.rbegin(); it != splits.rend(); ++it) print_envelope(*it, rep);
  rep.set_verbose(old_verbose);
}

}  // namespace smcf::verify
