// parse_address.cpp -- sendmail's parseaddr() and the checks around it:
// invalidaddr(), hasctrlchar() and the queue-group ruleset call (rscap()).
#include "address/parse_address.hpp"

#include <fmt/format.h>

#include "address/address_text.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/config.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {
namespace {

constexpr char kBadChar = '?';  // sendmail's BAD_CHAR_REPLACEMENT
constexpr std::size_t kMaxAddr = limits::kMaxName - 1;

bool is_8bit_control(unsigned char c) { return (c & 0340) == 0200; }

// sendmail's shorten_rfc822_string(): cut s to at most `length` bytes
// without leaving a quote, comment or backslash open.
void shorten_rfc822(std::string& s, std::size_t length) {
  if (length == 0 || s.size() < length) length = s.size();
  bool backslash = false, quoted = false;
  int parens = 0;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (backslash) {
      backslash = false;
    } else {
      if (c == '\\') backslash = true;
      else if (c == '(' && !quoted) ++parens;
      else if (c == ')' && --parens < 0) parens = 0;
      if (parens <= 0 && c == '"') quoted = !quoted;
    }
    std::size_t need = (backslash ? 1u : 0u) + static_cast<std::size_t>(parens) + (quoted ? 1u : 0u);
    if (length - i <= need) {
      if (c == '\\') backslash = false;
      else if (c == '(' && !quoted) --parens;
      else if (c == '"' && parens == 0) quoted = false;
      break;
    }
  }
  s.resize(std::max(s.size(), i));
  for (; parens > 0; --parens) {
    if (i >= s.size()) s.push_back(')');
    else s[i] = ')';
    ++i;
  }
  if (quoted) {
    if (i >= s.size()) s.push_back('"');
    else s[i] = '"';
    ++i;
  }
  if (i < s.size()) s.resize(i);
}

}  // namespace

bool AddressContext::set_suppress(bool s) {
  bool old = suppress_errors;
  suppress_errors = s;
  rep().set_suppress_usrerr(s);
  return old;
}

bool eight_bit_addresses_ok(const Config& cf) {
  bool ok = false;
  for (const auto& s : cf.options.settings) {
    if (!equals_nocase(s.name, "EightBitAddrOK")) continue;
    // atobool(): true for a missing value or one starting with t/T/y/Y.
    ok = s.value.empty() || s.value[0] == 't' || s.value[0] == 'T' || s.value[0] == 'y' || s.value[0] == 'Y';
  }
  return ok;
}

bool invalid_address(std::string& addr, bool is_rcpt, bool eight_bit_ok, Reporter& rep) {
  bool bad = false;
  for (std::size_t i = 0; i < addr.size(); ++i) {
    if (!eight_bit_ok && is_8bit_control(static_cast<unsigned char>(addr[i]))) {
      rep.set_status(exitstat::kUsage);
      bad = true;
      addr[i] = kBadChar;
    }
    if (i + 1 > kMaxAddr) {
      // sendmail cuts the string here for the message, and the current
      // address is the same buffer.
      std::string cut = addr.substr(0, i);
      auto saved = rep.current_address();
      rep.set_current_address(cut);
      rep.usrerr("address-too-long", fmt::format("553 5.1.0 Address \"{}\" too long ({} bytes max)", cut, kMaxAddr));
      rep.set_current_address(saved);
      return true;
    }
  }
  if (bad)
    rep.usrerr("address-8bit", fmt::format("501 {} 8-bit character in mailbox address \"{}\"",
                                           is_rcpt ? "5.1.3" : "5.1.7", addr));
  return bad;
}

bool has_ctrl_char(std::string& addr, bool is_rcpt, bool complain, bool eight_bit_ok, Reporter& rep) {
  bool quoted = false;
  const char* result = nullptr;
  std::size_t xlen = 0;
  for (std::size_t i = 0; i < addr.size(); ++i) {
    if (++xlen > kMaxAddr) {
      if (complain) {
        shorten_rfc822(addr, kMaxAddr);
        rep.usrerr("address-too-long",
                   fmt::format("553 5.1.0 Address \"{}\" too long ({} bytes max)", addr, kMaxAddr));
        return true;
      }
      result = "too long";
    }
    unsigned char c = static_cast<unsigned char>(addr[i]);
    if (!quoted && (c < 32 || c == 127)) {
      result = "non-printable character";
      addr[i] = kBadChar;
      continue;
    }
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '\\') {
      if (i + 1 >= addr.size()) {
        result = "trailing \\ character";
        addr[i] = kBadChar;
        break;
      }
      ++i;
    }
    if (!eight_bit_ok && is_8bit_control(static_cast<unsigned char>(addr[i]))) {
      rep.set_status(exitstat::kUsage);
      result = "8-bit character";
      addr[i] = kBadChar;
      continue;
    }
  }
  if (quoted) result = "unbalanced quote";
  if (result != nullptr && complain)
    rep.usrerr("address-syntax", fmt::format("501 {} Syntax error in mailbox address \"{}\" ({})",
                                             is_rcpt ? "5.1.3" : "5.1.7", addr, result));
  return result != nullptr;
}

int rscap(AddressContext& ctx, std::string_view ruleset, std::string_view p1, const std::string* p2,
          Workspace* out) {
  Reporter& rep = ctx.rep();
  RulesetRef ref = find_ruleset(ruleset, ctx.names().rulesets, &rep);
  if (ref.number < 0) return exitstat::kUnavailable;
  std::string buf(c_str_view(p1));
  if (p2) {
    buf.push_back(static_cast<char>(metabyte::kCondElse));
    buf.append(c_str_view(*p2));
  }
  Workspace local;
  Workspace& ws = out ? *out : local;
  // User errors are suppressed while the ruleset runs.
  bool saved = ctx.set_suppress(true);
  int status;
  PrescanResult pr = tokenize_into(ctx, buf, '\0', ctx.cc().tables().internal, false, ws, limits::kPrescanBuf);
  if (pr.ok)
    status = ctx.rw.rewrite(ws, ref.number, 0, static_cast<int>(limits::kPrescanBuf));
  else
    status = exitstat::kDataErr;
  ctx.set_suppress(saved);
  return status;
}

std::optional<ParsedAddress> parse_address(AddressContext& ctx, std::string_view addr, int flags, int delim,
                                           bool is_rcpt, std::size_t* delim_pos) {
  Reporter& rep = ctx.rep();
  const Config& cf = ctx.cc().ir();
  std::string text(c_str_view(addr));
  rep.set_current_address(text);

  Workspace ws;
  PrescanResult pr = tokenize_into(ctx, text, delim, ctx.cc().tables().external, false, ws, limits::kPrescanBuf);
  if (delim_pos) *delim_pos = pr.delim_pos;
  if (!pr.ok) return std::nullopt;

  const bool eight_bit_ok = eight_bit_addresses_ok(cf);
  // The address proper ends at the delimiter (sendmail's callers that pass
  // one also keep a copy of just that part as the current address).
  const std::size_t end = delim == '\0' ? text.size() : std::min(pr.delim_pos, text.size());
  std::string paddr = text.substr(0, end);
  if (invalid_address(paddr, is_rcpt, eight_bit_ok, rep)) {
    if (delim == '\0') rep.set_current_address(paddr);
    return std::nullopt;
  }
  rep.set_current_address(paddr);

  bool queue_up = false;
  if (ctx.rw.rewrite(ws, 3) == exitstat::kTempFail) queue_up = true;
  if (ctx.rw.rewrite(ws, 0) == exitstat::kTempFail) queue_up = true;

  ParsedAddress a = build_address(ctx, ws, flags);
  if (has_ctrl_char(a.user, is_rcpt, true, eight_bit_ok, rep)) a.state = AddressState::Bad;
  if (a.state == AddressState::Bad) {
    // The printable address (the current address) is cleaned up too.
    has_ctrl_char(paddr, is_rcpt, false, eight_bit_ok, rep);
    rep.set_current_address(paddr);
    return a;
  }

  // Recipients may be given a queue group by the "queuegroup" ruleset.
  if (!(flags & (rf::kSender | rf::kHeader | rf::kRemove))) rscap(ctx, "queuegroup", a.user, nullptr, nullptr);

  if (queue_up) {
    if (ctx.defer_delivery)
      rep.message("parse-deferred", "Deferring message until queue run");
    else
      rep.message("parse-transient", "Transient parse error -- message queued for future delivery");
    a.state = AddressState::QueueUp;
    a.dsn_status = "4.4.3";
  }
  return a;
}

}  // namespace smcf
