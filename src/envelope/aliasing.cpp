// aliasing.cpp -- sendmail's alias() and aliaslookup() (alias.c) and
// maplocaluser() (ruleset 5, parseaddr.c).
#include <fmt/format.h>

#include <cstring>

#include "address/address_text.hpp"
#include "address/parse_address.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/mailer.hpp"
#include "maps/map_impl.hpp"
#include "maps/session.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"

namespace smcf::envelope {
namespace {

// The flags maplocaluser() copies to the replacing address.
constexpr std::uint32_t kCopyFlags = qflag::kPrimary | qflag::kBogusShell | qflag::kUnsafeAddr |
                                     qflag::kPingOnSuccess | qflag::kPingOnFailure | qflag::kPingOnDelay |
                                     qflag::kHasNotify | qflag::kExpanded | qflag::kDelivered;

}  // namespace

// aliaslookup(): the "aliases" map, opened on first use, looked up with
// the map class itself (no argument vector, no dequoting).
std::optional<std::string> RecipientList::alias_lookup(std::string_view name_in, int* status) {
  maps::MapSession& ms = rt_.maps();
  maps::MapSession::Record* r = ms.record("aliases");
  if (r == nullptr || !ms.open_map(*r)) return std::nullopt;
  std::string key(c_str_view(name_in));
  if (equals_nocase(key, "postmaster")) key = "postmaster";
  int st = maps::kStatOk;
  std::optional<std::string> v = ms.class_lookup(*r, key, nullptr, st);
  *status = st;
  return v;
}

void RecipientList::alias(QueueAddress& a, int aliaslevel) {
  Reporter& rep = rt_.rep();
  if (a.state != QState::Ok || rt_.options().no_alias) return;
  rep.set_current_address(a.paddr);

  // An unavailable alias database queues the address instead of bouncing it.
  int status = maps::kStatOk;
  std::optional<std::string> p = alias_lookup(a.user, &status);
  // readaliases() leaves e_to cleared when it read the text file just now.
  if (rt_.take_alias_file_read()) rep.set_current_address(std::nullopt);
  if (status == maps::kStatTempFail || status == maps::kStatUnavailable) {
    set_state(a, QState::QueueUp);
    return;
  }
  if (!p) return;
  if (vrfy_only_) {
    // EF_VRFYONLY (SMTP RCPT in a queueing mode): the alias is expanded later.
    set_state(a, QState::Verified);
    return;
  }

  rep.message("aliased", fmt::format("aliased to {}", shorten(c_str_view(*p), limits::kMaxShortStr)));
  a.flags &= ~qflag::kSelfRef;
  set_state(a, QState::Expanded);
  // Aliases are delivered as the default user.
  a.uid = rt_.options().def_uid;
  a.gid = 0;
  a.fullname.reset();
  a.flags |= qflag::kGoodUid | qflag::kAlias;

  send_to_list(*p, &a, aliaslevel + 1);
  if ((a.flags & qflag::kSelfRef) && a.state == QState::Expanded) set_state(a, QState::Ok);

  // The owner of the alias.
  std::string obuf;
  if (a.user.compare(0, 6, "owner-") == 0 || a.user.size() > limits::kMaxName)
    obuf = "owner-owner";
  else
    obuf = "owner-" + a.user;
  std::optional<std::string> owner = alias_lookup(obuf, &status);
  if (!owner) return;
  std::string o(c_str_view(*owner));
  // A complex owner value is not a sender address; the owner- name is.
  if (o.find_first_of(",:/|\"") != std::string::npos) o = obuf;
  a.owner = std::make_shared<const std::string>(std::move(o));
  send_receipt_ = true;
  a.flags |= qflag::kDelivered | qflag::kExpanded;
}

// maplocaluser(): ruleset 5 on the user; a different mailer triple
// replaces the address.
void RecipientList::map_local_user(QueueAddress& a, int aliaslevel) {
  AddressContext& ctx = rt_.ctx();
  Workspace ws;
  if (!tokenize_into(ctx, a.user, '\0', rt_.cc().tables().external, false, ws, limits::kPrescanBuf).ok) return;

  rt_.macros().define('h', a.host);
  rt_.macros().define('u', a.user);
  rt_.macros().define('z', a.home);
  rt_.define_long("addr_type", "e r");
  if (ctx.rw.rewrite(ws, 5) == rwstat::kTempFail) {
    set_state(a, QState::QueueUp);
    a.status = "4.4.3";
    return;
  }
  if (ws.empty() || ctx.syms().info(ws[0]).lead != metabyte::kCanonNet) return;

  ParsedAddress built = build_address(ctx, ws, 0);
  // sameaddr(a, a1) before a1 is completed: a1's host may still be NULL,
  // which equals no host of a parsed address (those are "").
  if (built.has_mailer() && built.host) {
    QueueAddress probe;
    probe.mailer = built.mailer;
    probe.user = built.user;
    probe.host = *built.host;
    if (same_address(a, probe, rt_.prog_mailer())) return;
  }

  QueueAddress& a1 = from_parsed(built, a.paddr);
  a1.flags = (a.flags & kCopyFlags) | (built.not_remote ? qflag::kNotRemote : 0);
  set_state(a, QState::Replaced);
  a1.alias = &a;
  recipient(&a1, aliaslevel);
}

}  // namespace smcf::envelope
