// build_address.cpp -- sendmail's buildaddr(): a resolved workspace
// ($# mailer [$@ host] $: user) turned into an address, with the error
// mailer's texts and statuses, the prog/file/include switches and the
// rewriting of the user part.
#include <array>

#include "address/address_text.hpp"
#include "address/parse_address.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"

namespace smcf {
namespace {

using namespace metabyte;

// buildaddr's buffers: hbuf[MAXNAME + 1] and ubuf[MAXNAME + 2].
constexpr std::size_t kHostBuf = limits::kMaxName + 1;
constexpr std::size_t kUserBuf = limits::kMaxName + 2;

struct ErrorCode {
  std::string_view name;
  int status;
};
constexpr std::array<ErrorCode, 8> kErrorCodes{{
    {"usage", exitstat::kUsage},
    {"nouser", exitstat::kNoUser},
    {"nohost", exitstat::kNoHost},
    {"unavailable", exitstat::kUnavailable},
    {"software", exitstat::kSoftware},
    {"tempfail", exitstat::kTempFail},
    {"protocol", exitstat::kProtocol},
    {"config", exitstat::kConfig},
}};

// The status an "$#error $@ HOST" sets.
int error_host_status(std::string_view host) {
  if (host.find('.') != std::string_view::npos) return dsn_to_exit_status(host);
  if (!host.empty() && is_digit(static_cast<unsigned char>(host[0]))) return parse_atoi(host);
  for (const auto& ec : kErrorCodes)
    if (equals_nocase(ec.name, host)) return ec.status;
  return exitstat::kUnavailable;
}

// Reports the text of an "$#error ... $: TEXT" the way buildaddr does;
// returns true when the text carried a 4xx code (a temporary failure).
bool report_error_text(const std::string& raw_user, const std::optional<std::string>& host, Reporter& rep) {
  std::string u = strip_quotes(raw_user);
  if (!(starts_with_smtp_code(u) && u.size() > 3 && u[3] == ' ')) {
    rep.usrerr("buildaddr-error", "553 5.3.0 " + u);
    return false;
  }
  std::string_view code = std::string_view(u).substr(0, 3);
  std::string_view after = std::string_view(u).substr(4);
  std::string head;  // sendmail's format, "NNN[ X.Y.Z] %s", in a 16-byte buffer
  std::string_view text;
  std::string_view enh;
  if (std::size_t off = enhanced_status_length(after, ' '); off > 0) {
    head = std::string(code) + " " + std::string(after.substr(0, off)) + " %s";
    text = after.substr(off + 1);
  } else {
    head = std::string(code) + " %s";
    text = after;
    if (host && enhanced_status_length(*host, 0) > 0) enh = *host;  // usrerrenh(hbuf, ...)
  }
  // sm_strlcpyn into char fmt[16]: a long enhanced code cuts the "%s" off.
  if (head.size() > 15) head.resize(15);
  std::string msg;
  if (head.size() >= 2 && head.compare(head.size() - 2, 2, "%s") == 0) {
    msg = head.substr(0, head.size() - 2);
    msg.append(text);
  } else {
    msg = head;
    if (!msg.empty() && msg.back() == '%') msg.pop_back();
  }
  if (!enh.empty()) msg = std::string(code) + " " + std::string(enh) + msg.substr(3);
  rep.usrerr("buildaddr-error", msg);
  return u[0] == '4';
}

}  // namespace

std::string_view ParsedAddress::mailer_name() const {
  if (mailer) return mailer->name;
  if (error_mailer) return "*error*";
  return {};
}

const Mailer* find_mailer(const Config& cf, std::string_view name, bool stop_at_gap) {
  for (const auto& m : cf.mailers) {
    if (!m) {
      if (stop_at_gap) return nullptr;
      continue;
    }
    if (equals_nocase(m->name, name)) return &*m;
  }
  return nullptr;
}

ParsedAddress build_address(AddressContext& ctx, const Workspace& ws, int flags) {
  Reporter& rep = ctx.rep();
  Symbols& syms = ctx.syms();
  const Config& cf = ctx.cc().ir();
  ParsedAddress a;
  bool tempfail = false;
  auto lead = [&](std::size_t i) { return syms.info(ws[i]).lead; };

  // sendmail's "badaddr" exit: queued when a temporary failure is pending,
  // else a bad address for the error mailer.
  auto bad = [&]() -> ParsedAddress {
    if (rep.exit_status() == exitstat::kTempFail || tempfail) {
      a.state = AddressState::QueueUp;
    } else {
      a.state = AddressState::Bad;
      a.mailer = nullptr;
      a.error_mailer = true;
    }
    return a;
  };

  const std::size_t n = ws.size();
  if (n == 0 || lead(0) != kCanonNet) {
    rep.syserr("buildaddr-no-mailer", "554 5.3.5 buildaddr: no mailer in parsed address");
    return bad();
  }
  // A lone $# has no mailer name; sendmail would read past its vector.
  if (n < 2) {
    rep.syserr("buildaddr-no-user", "554 5.3.5 buildaddr: no user");
    return bad();
  }
  std::string mname(syms.text(ws[1]));

  // Host and user parts.
  std::size_t t = 2;
  std::optional<std::size_t> hostp;
  if (t < n && lead(t) == kCanonHost) hostp = ++t;
  while (t < n && lead(t) != kCanonUser) ++t;
  if (t >= n) {
    rep.syserr("buildaddr-no-user", "554 5.3.5 buildaddr: no user");
    return bad();
  }
  std::string hbuf;
  if (hostp && *hostp == t) hostp.reset();
  else if (hostp) hbuf = join_tokens(ctx, ws, *hostp, t, kHostBuf, 0, true);
  ++t;  // the first user token
  std::string ubuf = join_tokens(ctx, ws, t, n, kUserBuf, ' ', false);

  if (equals_nocase(mname, "error")) {
    a.error_mailer = true;
    a.user = ubuf;
    if (hostp) {
      a.host = hbuf;
      if (hbuf.find('.') != std::string::npos) a.dsn_status = hbuf;
      rep.set_status(error_host_status(hbuf));
    } else {
      rep.set_status(exitstat::kUnavailable);
    }
    tempfail = report_error_text(ubuf, a.host, rep);
    return bad();
  }

  const Mailer* m = find_mailer(cf, mname, true);
  if (m == nullptr) {
    rep.syserr("buildaddr-unknown-mailer", "554 5.3.5 buildaddr: unknown mailer " + mname);
    return bad();
  }
  a.mailer = m;
  if (!hostp) {
    if (!m->has_flag('l')) {
      rep.syserr("buildaddr-no-host", "554 5.3.5 buildaddr: no host");
      return bad();
    }
  } else {
    a.host = hbuf;
  }

  // The user: F=@ drops a leading "@" token; |prog, /file and :include:
  // users switch to those mailers.
  std::size_t p = 0;
  if (m->has_flag('@') && !ubuf.empty() && ubuf[0] == '@') {
    ++p;
    ++t;
    a.not_remote = true;
  }
  if (p < ubuf.size() && ubuf[p] == '"') ++p;
  char first = p < ubuf.size() ? ubuf[p] : '\0';
  auto builtin = [&](std::string_view name) {
    const Mailer* b = find_mailer(cf, name, false);
    return b ? b : m;
  };
  if (first == '|' && m->has_flag('|')) {
    m = builtin("prog");
  } else if (first == '/' && m->has_flag('/')) {
    m = builtin("*file*");
  } else if (first == ':' && m->has_flag(':')) {
    std::string s = strip_quotes(ubuf);
    if (s.size() >= 9 && equals_nocase(std::string_view(s).substr(0, 9), ":include:")) {
      // Needs no further rewriting.
      a.mailer = builtin("*include*");
      a.user = s.substr(9);
      return a;
    }
  }
  a.mailer = m;

  // $h is the host while the recipient rulesets run (and stays so).
  ctx.macros.define('h', a.host);

  Workspace user(ws.begin() + static_cast<std::ptrdiff_t>(std::min(t, n)), ws.end());
  const int maxatom = static_cast<int>(limits::kMaxAtom) - static_cast<int>(t);
  if (cf.config_level >= 10 || !(flags & (rf::kSender | rf::kHeader))) {
    ctx.rw.rewrite(user, 2, 0, maxatom);
    if (m->recipient_env_ruleset > 0) ctx.rw.rewrite(user, m->recipient_env_ruleset, 0, maxatom);
  }
  ctx.rw.rewrite(user, 4, 0, maxatom);

  a.user = join_tokens(ctx, user, 0, user.size(), kUserBuf, 0, true);
  if (a.host && !m->has_flag('h')) {
    // sendmail lowers the host in place, and $h holds that very string.
    make_lower(*a.host);
    ctx.macros.define('h', a.host);
  }
  if (!m->has_flag('u')) make_lower(a.user);
  return a;
}

}  // namespace smcf
