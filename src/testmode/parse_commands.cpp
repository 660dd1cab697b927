// parse_commands.cpp -- the address-parsing commands of test mode:
// /parse, /try, /sender and /header, printing what sendmail 8.17 prints.
// The work is done by the address library (src/address/); this file only
// picks the flags, prints the results and keeps sendmail's between-command
// state (the current address is cleared after /parse and /try, not after
// /sender).
#include <fmt/format.h>

#include <memory>

#include "address/crackaddr.hpp"
#include "address/header_check.hpp"
#include "address/parse_address.hpp"
#include "address/remotename.hpp"
#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "names/printable.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "testmode/session.hpp"

namespace smcf {

void TestSession::parse_command(std::string_view addr) {
  addr = c_str_view(addr);
  std::string line = "Cracked address = ";
  append_printable(line, crackaddr(addr, crack_options(cc_->ir().options)), engine_.names().macros);
  println(line);
  println(fmt::format("Parsing {} {} address", (tryflags_ & kTryHeader) ? "header" : "envelope",
                      (tryflags_ & kTrySender) ? "sender" : "recipient"));
  int flags = 0;
  if (tryflags_ & kTryHeader) flags |= rf::kHeader;
  if (tryflags_ & kTrySender) flags |= rf::kSender;
  AddressContext ctx{engine_.rewriter(), engine_.macros()};
  std::optional<ParsedAddress> a = parse_address(ctx, addr, flags, '\0', true);
  if (!a) {
    println("Cannot parse");
  } else if (!a->has_mailer()) {
    // sendmail 8.17 dereferences the NULL mailer of such an address (a
    // temporary failure pending when buildaddr fails) and dies of a
    // segmentation fault.  smcf says so and goes on.
    println("Cannot parse: no mailer (sendmail 8.17.1.9 crashes on this address)");
  } else if (a->host && !a->host->empty()) {
    println(fmt::format("mailer {}, host {}, user {}", a->mailer_name(), *a->host, a->user));
  } else {
    println(fmt::format("mailer {}, user {}", a->mailer_name(), a->user));
  }
  rep_.set_current_address(std::nullopt);
}

void TestSession::try_command(std::string_view arg) {
  arg = c_str_view(arg);
  std::size_t blank = arg.find_first_of(" \t");
  std::size_t q = blank;
  if (q != std::string_view::npos)
    while (q < arg.size() && is_space(static_cast<unsigned char>(arg[q]))) ++q;
  if (blank == std::string_view::npos || q >= arg.size()) {
    println("Usage: /try mailer address");
    return;
  }
  std::string_view name = arg.substr(0, blank);
  std::string_view addr = arg.substr(q);
  const Mailer* m = find_mailer(cc_->ir(), name, false);
  if (m == nullptr) {
    println(fmt::format("Unknown mailer {}", name));
    return;
  }
  println(fmt::format("Trying {} {} address {} for mailer {}", (tryflags_ & kTryHeader) ? "header" : "envelope",
                      (tryflags_ & kTrySender) ? "sender" : "recipient", addr, name));
  int flags = 0;
  if (tryflags_ & kTryHeader) flags |= rf::kHeader;
  if (tryflags_ & kTrySender) flags |= rf::kSender;
  AddressContext ctx{engine_.rewriter(), engine_.macros()};
  RemoteName r = remote_name(ctx, addr, *m, flags);
  println(fmt::format("Rcode = {}, addr = {}", r.status, r.text));
  rep_.set_current_address(std::nullopt);
}

void TestSession::sender_command(std::string_view addr) {
  AddressContext ctx{engine_.rewriter(), engine_.macros()};
  SenderEnv env;
  env.sys = &sys_;
  env.real_name = invoking_user_name(sys_, rep_);
  EnvelopeState& st = envelope_;
  ParsedAddress from = set_sender(ctx, c_str_view(addr), env, st);
  // The current address stays the sender's (sendmail's copy of it), for
  // the messages of later commands.
  println(fmt::format("addr={}", from.user));
}

void TestSession::header_command(std::string_view arg) {
  AddressContext ctx{engine_.rewriter(), engine_.macros()};
  unsigned long ul = chomp_user_header(ctx, arg, true, envelope_);
  // printf("%#0.8lx"): no 0x for zero.
  println(ul == 0 ? std::string("ul = 00000000") : fmt::format("ul = 0x{:08x}", ul));
}

}  // namespace smcf
