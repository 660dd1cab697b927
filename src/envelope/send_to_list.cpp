// send_to_list.cpp -- sendmail's sendtoargv() and sendtolist(): splitting a
// list into addresses, parsing each, and the self-reference checks for
// addresses that came from an alias.
#include <fmt/format.h>

#include "address/parse_address.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "ir/mailer.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "envelope/user_db.hpp"

namespace smcf::envelope {
namespace {

// denlstring(s, false, true): newlines become blanks unless every one of
// them starts a continuation (is followed by a blank or tab).
std::string denl(std::string_view s) {
  std::string out(s);
  bool plain = true;
  for (std::size_t p = out.find('\n'); p != std::string::npos; p = out.find('\n', p + 1)) {
    if (p + 1 >= out.size() || (out[p + 1] != ' ' && out[p + 1] != '\t')) {
      plain = false;
      break;
    }
  }
  if (plain) return out;
  for (char& c : out)
    if (c == '\n') c = ' ';
  return out;
}

}  // namespace

RecipientList::RecipientList(Runtime& rt)
    : rt_(rt),
      queue_(host_sort_key, rt.prog_mailer()),
      signatures_(rt),
      old_style_(false) {
  // OldStyleHeaders (option o) sets EF_OLDSTYLE on the envelope.
  for (const auto& s : rt.config().options.settings)
    if (!s.ignored && equals_nocase(s.name, "OldStyleHeaders")) old_style_ = option_true(s.value);
  const EnvelopeOptions& o = rt.options();
  if (!(o.use_msp || o.fast_split > 0)) {
    // sortbysignature(): the host signature, then the user, reversed (the
    // key's user bytes are complemented and end in 0xff).  sendmail sorts
    // expensive mailers apart when HoldExpensive is set (sortexpensive());
    // smcf does not.
    queue_ = SendQueue(
        [this](const QueueAddress& a) {
          std::string key = signatures_.signature(a.mailer, a.host);
          key.push_back('\0');
          for (char c : a.user) key.push_back(static_cast<char>(~static_cast<unsigned char>(c)));
          key.push_back('\xff');
          return key;
        },
        rt.prog_mailer());
  }
}

QueueAddress& RecipientList::make(QueueAddress a) {
  store_.push_back(std::move(a));
  return store_.back();
}

QueueAddress& RecipientList::from_parsed(const ParsedAddress& p, std::string paddr) {
  QueueAddress a;
  a.paddr = std::move(paddr);
  a.user = p.user;
  a.host = p.host.value_or("");
  a.mailer = p.mailer;
  switch (p.state) {
    case AddressState::Ok: a.state = QState::Ok; break;
    case AddressState::Bad: a.state = QState::BadAddr; break;
    case AddressState::QueueUp: a.state = QState::QueueUp; break;
  }
  // sendmail would crash on an address left without a mailer; smcf keeps
  // it as a bad address of the error mailer.
  if (!p.has_mailer()) a.state = QState::BadAddr;
  a.status = p.dsn_status;
  a.flags = default_notify_ | qflag::kSecure;
  if (p.not_remote) a.flags |= qflag::kNotRemote;
  return make(std::move(a));
}

void RecipientList::set_sender(const ParsedAddress& from, std::string paddr) {
  QueueAddress a;
  a.paddr = std::move(paddr);
  a.user = from.user;
  a.host = from.host.value_or("");
  a.mailer = from.mailer;
  a.state = QState::Sender;
  a.flags = qflag::kPingOnFailure | qflag::kPingOnDelay | qflag::kSecure;
  from_ = std::move(a);
}

QueueAddress* RecipientList::queued_recipient(std::string_view addr, std::uint32_t flags, QueueAddress* ctladdr) {
  Reporter& rep = rt_.rep();
  auto oldto = rep.current_address();
  rt_.define_long("addr_type", "e r");
  std::optional<ParsedAddress> parsed = parse_address(rt_.ctx(), addr, 0, '\0', true);
  rt_.define_long("addr_type", std::nullopt);
  rep.set_current_address(oldto);
  if (!parsed) return nullptr;
  QueueAddress& a = from_parsed(*parsed, std::string(addr));
  a.alias = ctladdr;
  a.flags &= ~(qflag::kPingOnSuccess | qflag::kPingOnFailure | qflag::kPingOnDelay | qflag::kHasNotify);
  a.flags |= flags;
  return recipient(&a, 0);
}

QueueAddress* RecipientList::controller(std::string_view record) {
  // "user:uid:gid:address"; an empty record means "none".
  if (record.empty()) return nullptr;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    auto colon = record.find(':', start);
    if (colon == std::string_view::npos) break;
    parts.emplace_back(record.substr(start, colon - start));
    start = colon + 1;
  }
  QueueAddress a;
  if (parts.size() < 3) {
    a.user = std::string(record);
    a.paddr = a.user;
  } else {
    a.user = parts[0];
    a.uid = parse_atol(parts[1]);
    a.gid = parse_atol(parts[2]);
    a.paddr = std::string(record.substr(start));
    a.flags |= qflag::kGoodUid;
  }
  a.ruser = a.user;
  a.mailer = rt_.local_mailer();
  a.state = QState::DontSend;
  return &make(std::move(a));
}

void RecipientList::send_to_argv(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    send_to_list(arg, nullptr, 0);
    rt_.release_tokens();
  }
}

int RecipientList::send_to_list(std::string_view list_in, QueueAddress* ctladdr, int aliaslevel) {
  Reporter& rep = rt_.rep();
  std::string_view list = c_str_view(list_in);
  auto oldto = rep.current_address();

  // The heuristic for old (blank separated) versus new style lists.
  if (ctladdr == nullptr && list.find_first_of(",;<(") != std::string_view::npos) old_style_ = false;
  const char delimiter = (!old_style_ || ctladdr != nullptr) ? ',' : ' ';

  std::string buf = denl(list);
  rt_.define_long("addr_type", "e r");
  std::vector<QueueAddress*> al;  // sendmail builds this list backwards
  std::size_t p = 0;
  while (p < buf.size()) {
    while (p < buf.size() && (is_space(static_cast<unsigned char>(buf[p])) || buf[p] == ',')) ++p;
    std::size_t delim_pos = 0;
    std::optional<ParsedAddress> parsed =
        parse_address(rt_.ctx(), std::string_view(buf).substr(p), 0, delimiter, true, &delim_pos);
    std::size_t start = p;
    p += delim_pos;
    if (p <= start) p = buf.size();  // no progress (sendmail would loop): give up on the rest
    if (!parsed) continue;
    std::string paddr = rep.current_address().value_or(std::string());
    QueueAddress& a = from_parsed(*parsed, std::move(paddr));
    a.alias = ctladdr;

    if (ctladdr != nullptr) {
      // Inherit from the parent, and catch addresses that refer to it.
      if (same_address(*ctladdr, a, rt_.prog_mailer())) ctladdr->flags |= qflag::kSelfRef;
      if (QueueAddress* b = self_reference(a)) {
        b->flags |= qflag::kSelfRef;
        if (&a != b) {
          set_state(a, QState::DontSend);
          b->flags |= a.flags & qflag::kNotRemote;
          continue;
        }
      }
      if (!a.fullname) a.fullname = ctladdr->fullname;
      a.flags &= ~qflag::kInherited;
      a.flags |= ctladdr->flags & qflag::kInherited;
    }
    al.push_back(&a);
  }

  int naddrs = 0;
  for (auto it = al.rbegin(); it != al.rend(); ++it) {
    recipient(*it, aliaslevel);
    ++naddrs;
  }
  rep.set_current_address(oldto);
  rt_.define_long("addr_type", std::nullopt);
  return naddrs;
}

// self_reference(): an alias chain that leads back to this address; the
// address to keep is the first of the chain that is a real mailbox.
QueueAddress* RecipientList::self_reference(QueueAddress& a) {
  const Mailer* prog = rt_.prog_mailer();
  QueueAddress* b = a.alias;
  while (b != nullptr && !same_address(a, *b, prog)) b = b->alias;
  if (b == nullptr) return nullptr;
  for (QueueAddress* c = &a; c != nullptr; c = c->alias) {
    const Mailer* m = c->mailer;
    if (m != nullptr && m->has_flag('w')) {
      if (mailbox_lookup(rt_.sys(), c->user)) return same_address(*b, *c, prog) ? b : c;
    } else if (m != nullptr && m->has_flag('l') && b->mailer == m) {
      return same_address(*b, *c, prog) ? b : c;
    }
  }
  return nullptr;
}

}  // namespace smcf::envelope
