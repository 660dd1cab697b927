// queue_records.cpp -- send queue to qf records (see queue_records.hpp).
#include "submit/queue_records.hpp"

#include <fmt/format.h>

#include <optional>

#include "base/bytes.hpp"
#include "engine/compiled.hpp"
#include "envelope/runtime.hpp"
#include "ir/mailer.hpp"
#include "names/macro_id.hpp"

namespace smcf::submit {
namespace {

using envelope::QueueAddress;
namespace qflag = envelope::qflag;

}  // namespace

std::vector<std::pair<std::string, std::string>> persistent_macros(envelope::Runtime& rt) {
  std::vector<std::pair<std::string, std::string>> out;
  MacroNames& names = rt.engine().names().macros;
  const int persistent = macro_id_of("persistentMacros", names, nullptr);
  for (std::string_view name : rt.engine().classes().listing(persistent)) {
    int id = macro_id_of(name.size() > 2 && name.front() == '{' ? name.substr(1, name.size() - 2) : name, names,
                         nullptr);
    if (id <= 0) continue;
    if (const std::string* v = rt.macros().macro_value(id)) out.emplace_back(std::string(name), *v);
  }
  return out;
}

std::string final_recipient(const QueueAddress& a, const Mailer* sender_mailer, const std::string& my_host) {
  const QueueAddress* top = &a;
  while (top->alias) top = top->alias;
  std::string type = sender_mailer && sender_mailer->addr_type_set ? sender_mailer->addr_type : "rfc822";
  if (!equals_nocase(type, "rfc822")) {
    std::string_view t = top->mailer && top->mailer->addr_type_set ? std::string_view(top->mailer->addr_type) : "";
    return fmt::format("{}; {}", t, top->user.substr(0, 800));
  }
  if (top->user.find('@') != std::string::npos) return fmt::format("{}; {}", type, top->user.substr(0, 800));
  if (top->paddr.find('@') != std::string::npos) {
    std::string_view p = top->paddr;
    if (!p.empty() && p.front() == '<' && p.back() == '>') p = p.substr(1, p.size() - 2);
    else if (!p.empty() && p.front() == '<') p.remove_prefix(1);
    return fmt::format("{}; {}", type, std::string(p).substr(0, 800));
  }
  return fmt::format("{}; {}@{}", type, top->user.substr(0, 700), my_host.substr(0, 100));
}

namespace {

// The R record's flag letters.
std::string recipient_flags(const QueueAddress& q) {
  std::string f;
  if (q.flags & qflag::kPrimary) f += 'P';
  if (q.flags & qflag::kHasNotify) f += 'N';
  if (q.flags & qflag::kPingOnSuccess) f += 'S';
  if (q.flags & qflag::kPingOnFailure) f += 'F';
  if (q.flags & qflag::kPingOnDelay) f += 'D';
  if (q.alias && (q.alias->flags & qflag::kAlias)) f += 'A';
  return f;
}

// printctladdr(): a C record when the controlling address changes: an
// address with no parent resets it ("C" alone, once), one with a parent
// names the controlling user (the first address up the chain with a
// known uid) and the parent's address.
struct ControllerPrinter {
  const QueueAddress* last = nullptr;
  long last_uid = 0;
  std::optional<std::string> next(const QueueAddress& a) {
    if (!a.alias) {
      bool had = last != nullptr;
      last = nullptr;
      last_uid = 0;
      return had ? std::optional<std::string>(std::string()) : std::nullopt;
    }
    const QueueAddress* q = &a;
    while (q && !(q->flags & qflag::kGoodUid)) q = q->alias;
    const std::string* user = q ? (q->ruser ? &*q->ruser : &q->user) : nullptr;
    long uid = q ? q->uid : 0;
    long gid = q ? q->gid : 0;
    const QueueAddress* parent = a.alias;
    if (last && uid == last_uid && last->paddr == parent->paddr) return std::nullopt;
    last_uid = uid;
    last = parent;
    if (uid == 0 || !user || user->empty()) return ":" + parent->paddr;
    return fmt::format("{}:{}:{}:{}", *user, uid, gid, parent->paddr);
  }
};

}  // namespace

std::vector<queue::QueueRecipient> queue_records(const std::vector<QueueAddress*>& queue, const Mailer* sender_mailer,
                                                 const std::string& my_host, bool keep_failed) {
  std::vector<queue::QueueRecipient> out;
  ControllerPrinter controllers;
  for (const QueueAddress* q : queue) {
    bool failed = keep_failed && q->state == envelope::QState::BadAddr;
    if (!envelope::is_undelivered(q->state) && !failed) continue;
    queue::QueueRecipient r;
    r.controller = controllers.next(*q);
    r.final_rcpt = q->final_rcpt ? *q->final_rcpt : final_recipient(*q, sender_mailer, my_host);
    r.orcpt = q->orcpt;
    r.flags = recipient_flags(*q);
    r.address = q->paddr;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace smcf::submit
