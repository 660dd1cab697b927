// smtp_mailer.cpp -- delivery over SMTP for the [IPC] mailers (see
// smtp_mailer.hpp): from the recipient group to a smtp_client::Request,
// and from the transaction's replies to exit statuses, status lines and
// DSN codes as usersmtp.c's smtpmailfrom()/smtprcptstat()/smtpdata() and
// deliver.c's giveresponse() choose them.
#include "deliver/smtp_mailer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include "address/remotename.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "deliver/mailer_output.hpp"
#include "deliver/mailer_status.hpp"
#include "dns/dns_client.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "queue/queue_file.hpp"
#include "smtp_client/transaction.hpp"

namespace smcf::deliver {
namespace {

using envelope::QState;
using envelope::QueueAddress;
using smtp_client::IoError;
using smtp_client::Reply;
using smtp_client::Stage;

// The SMTP port when the mailer's A= names none (TCP $h).
constexpr int kDefaultSmtpPort = 25;

// sendmail's Timeout.* defaults (conf.c), seconds; 0: none (the OS's).
constexpr long kDefaultInitial = 300;
constexpr long kDefaultHelo = 300;
constexpr long kDefaultMail = 600;
constexpr long kDefaultRcpt = 3600;
constexpr long kDefaultDataInit = 300;
constexpr long kDefaultDataBlock = 3600;
constexpr long kDefaultDataFinal = 3600;
constexpr long kDefaultQuit = 120;

long timeout_option(const Config& cf, const char* name, long fallback) {
  auto it = cf.options.timeouts.find(name);
  return it == cf.options.timeouts.end() || it->second <= 0 ? fallback : it->second;
}

smtp_client::Timeouts timeouts_of(const Config& cf) {
  smtp_client::Timeouts t;
  t.connect = timeout_option(cf, "connect", 0);
  t.iconnect = timeout_option(cf, "iconnect", 0);
  t.initial = timeout_option(cf, "initial", kDefaultInitial);
  t.helo = timeout_option(cf, "helo", kDefaultHelo);
  t.mail = timeout_option(cf, "mail", kDefaultMail);
  t.rcpt = timeout_option(cf, "rcpt", kDefaultRcpt);
  t.datainit = timeout_option(cf, "datainit", kDefaultDataInit);
  t.datablock = timeout_option(cf, "datablock", kDefaultDataBlock);
  t.datafinal = timeout_option(cf, "datafinal", kDefaultDataFinal);
  t.quit = timeout_option(cf, "quit", kDefaultQuit);
  return t;
}

// The port of A=TCP $h [port] (IPC too); 0 when it is not a number.
int port_of(envelope::Runtime& rt, const Mailer& m) {
  if (m.argv.size() < 3) return kDefaultSmtpPort;
  std::string p = rt.expand(m.argv[2], limits::kMaxLine);
  std::size_t used = 0;
  long v = parse_long(p, &used);
  return used == p.size() && v > 0 && v < 65536 ? static_cast<int>(v) : 0;
}

// The addresses of one host name: the hosts file (the pinned one in
// tests), then -- DNS allowed -- the system's resolver.
// `label` is how messages name it (CurHostName).
void name_addresses(const System& sys, const std::string& name, const std::string& label,
                    std::vector<smtp_client::Target>& out) {
  if (auto e = sys.host_by_name(name)) {
    out.push_back({label, e->address});
    return;
  }
  if (sys.options().no_dns) return;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0) return;
  for (addrinfo* a = res; a; a = a->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    const void* src = nullptr;
    if (a->ai_family == AF_INET) src = &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
    else if (a->ai_family == AF_INET6) src = &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
    if (!src) continue;
    if (::inet_ntop(a->ai_family, src, buf, sizeof buf) &&
        std::none_of(out.begin(), out.end(), [&](const smtp_client::Target& t) { return t.address == buf; }))
      out.push_back({label, buf});
  }
  ::freeaddrinfo(res);
}

// Where $@ is: its addresses in order, or why there are none.
struct HostPlan {
  std::vector<smtp_client::Target> targets;
  bool try_again = false;  // a lookup failed temporarily
};

// The addresses of $@ ("[1.2.3.4]", "[IPv6:::1]", a name, or "h1:h2"):
// a literal as is; a name through its MX hosts (DNS allowed, the MX
// list of `mx`), else the name itself.
HostPlan host_plan(const System& sys, dns::DnsClient* mx, std::string_view hosts) {
  HostPlan plan;
  std::size_t s = 0;
  while (s <= hosts.size()) {
    std::size_t c = s < hosts.size() && hosts[s] == '[' ? hosts.find(']', s) : std::string_view::npos;
    c = hosts.find(':', c == std::string_view::npos ? s : c);
    std::string_view h = hosts.substr(s, c == std::string_view::npos ? std::string_view::npos : c - s);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
      std::string_view lit = h.substr(1, h.size() - 2);
      if (lit.size() > 5 && equals_nocase(lit.substr(0, 5), "IPv6:")) lit.remove_prefix(5);
      plan.targets.push_back({std::string(h), std::string(lit)});
    } else if (!h.empty()) {
      std::string name(h);
      if (name.back() == '.') name.pop_back();
      std::vector<dns::MxRecord> records;
      const dns::Outcome o = mx ? mx->mx_records(name, records) : dns::Outcome::NoData;
      if (o == dns::Outcome::Found && !records.empty()) {
        const std::size_t before = plan.targets.size();
        for (const dns::MxRecord& r : records) name_addresses(sys, r.host, r.host, plan.targets);
        if (plan.targets.size() == before) plan.try_again = true;  // MX hosts without addresses
      } else {
        if (o == dns::Outcome::TryAgain) plan.try_again = true;
        name_addresses(sys, name, std::string(h), plan.targets);
      }
    }
    if (c == std::string_view::npos) break;
    s = c + 1;
  }
  return plan;
}

// The resolver for MX lookups of one delivery (nullptr: no DNS).
std::unique_ptr<dns::DnsClient> mx_client(const System& sys, const Config& cf) {
  if (sys.options().no_dns) return nullptr;
  dns::Settings st;
  const auto& t = cf.options.timeouts;
  if (auto it = t.find("resolver.retrans"); it != t.end() && it->second > 0)
    st.retrans_seconds = static_cast<int>(std::min<long>(it->second, dns::kMaxRetransSeconds));
  if (auto it = t.find("resolver.retry"); it != t.end() && it->second > 0)
    st.retry = static_cast<int>(std::min<long>(it->second, dns::kMaxRetry));
  st.nameservers = sys.options().nameservers;
  return std::make_unique<dns::DnsClient>(std::move(st));
}

// The enhanced status code at the start of a reply's text ("5.1.1").
std::optional<std::string> enhanced_code(const std::string& line) {
  if (line.size() < 9 || (line[4] != '2' && line[4] != '4' && line[4] != '5') || line[5] != '.') return std::nullopt;
  std::size_t i = 6, dots = 1, digits = 0;
  for (; i < line.size() && line[i] != ' '; ++i) {
    if (line[i] == '.') {
      if (digits == 0) return std::nullopt;
      ++dots;
      digits = 0;
    } else if (std::isdigit(static_cast<unsigned char>(line[i])) && digits < 3) {
      ++digits;
    } else {
      return std::nullopt;
    }
  }
  if (dots != 2 || digits == 0) return std::nullopt;
  return line.substr(4, i - 4);
}

// The text of a reply after its code and enhanced code.
std::string reply_text(const std::string& line, bool enhanced) {
  if (line.size() <= 4) return std::string();
  auto enh = enhanced ? enhanced_code(line) : std::nullopt;
  std::size_t off = enh ? 4 + enh->size() + 1 : 4;
  return off < line.size() ? line.substr(off) : std::string();
}

// smtptodsn(): the DSN code of a reply code without an enhanced one.
std::string smtp_to_dsn(int code) {
  switch (code) {
    case 450: return "4.2.0";
    case 451: return "4.3.0";
    case 452: return "4.3.1";
    case 500: return "5.5.2";
    case 501: return "5.5.4";
    case 502:
    case 503: return "5.5.1";
    case 504: return "5.5.4";
    case 550: return "5.2.0";
    case 551: return "5.1.6";
    case 552: return "5.2.2";
    case 553: return "5.1.0";
    case 554: return "5.0.0";
    default: break;
  }
  if (code < 0) return "4.4.2";
  return code / 100 == 2 ? "2.0.0" : code / 100 == 4 ? "4.0.0" : "5.0.0";
}

// sm_errstring() of a connection failure, naming the host.  (sendmail
// also appends " during PHASE", but past the string's end: it is never
// seen, and smcf leaves it out.)
std::string io_error_text(const Reply& r, const std::string& host, const std::string& phase, bool connecting) {
  const std::string during = connecting || phase.empty() ? std::string() : " during " + phase;
  switch (r.error) {
    case IoError::Timeout: return fmt::format("Connection timed out with {}", host);
    case IoError::Closed: return fmt::format("Connection reset by {}", host);
    case IoError::TooLong: return fmt::format("Reply from {} too long{}", host, during);
    case IoError::System:
      if (r.err_no == ECONNREFUSED) return "Connection refused by " + host;
      if (r.err_no == 0) return "No route to host " + host;
      return std::strerror(r.err_no);
    case IoError::None: break;
  }
  return std::string();
}

// What one reply does to the recipients it answers, in sendmail's terms.
struct Verdict {
  int code = exitstat::kOk;
  std::string smtp_error;               // SmtpError: the text of a deferral
  std::optional<std::string> status;    // q_status
  std::optional<std::string> rstatus;   // q_rstatus
  std::optional<std::string> line;      // giveresponse()'s line, when not the exit status's own
};

// The exit status of a 5xx reply at `stage` and the DSN code sendmail
// falls back on when the reply has no enhanced code.
std::pair<int, std::string> permanent_failure(Stage stage, int code) {
  if (stage == Stage::Mail) {
    if (code == 501) return {exitstat::kDataErr, "5.5.2"};
    if (code == 553) return {exitstat::kDataErr, "5.1.3"};
    if (code == 552) return {exitstat::kUnavailable, "5.3.4"};
    return {exitstat::kUnavailable, "5.0.0"};
  }
  if (stage == Stage::Rcpt) {
    if (code == 550) return {exitstat::kNoUser, "5.1.1"};
    if (code == 551) return {exitstat::kNoUser, "5.1.6"};
    if (code == 553) return {exitstat::kNoUser, "5.1.3"};
  }
  return {exitstat::kUnavailable, smtp_to_dsn(code)};
}

// `enhanced`: the server offered ENHANCEDSTATUSCODES (else the codes in
// its replies are not taken: usersmtp.c's MCIF_ENHSTAT).
Verdict verdict_of(const Reply& r, Stage stage, const std::string& host, const std::string& phase, bool enhanced) {
  Verdict v;
  if (!r.ok()) {
    v.code = exitstat::kTempFail;
    v.smtp_error = io_error_text(r, host, phase, stage == Stage::Connect);
    v.status = "4.4.2";
    if (r.error == IoError::Closed) v.rstatus = "421 4.4.1 Connection reset by " + host;
    return v;
  }
  const std::string& line = r.first();
  const auto enh = enhanced ? enhanced_code(line) : std::nullopt;
  v.rstatus = line;
  const bool expected_3xx = stage == Stage::Data;
  const bool opening = stage == Stage::Greeting || stage == Stage::Helo;
  if (r.type() == 4 || (opening && r.type() != 2 && r.type() != 5)) {
    v.code = exitstat::kTempFail;
    v.smtp_error = line;
    v.status = enh.value_or(smtp_to_dsn(r.code));
  } else if (r.type() == 5) {
    auto [code, dsn] = permanent_failure(stage, r.code);
    v.code = code;
    v.status = enh.value_or(dsn);
  } else if (r.type() != (expected_3xx ? 3 : 2)) {
    v.code = exitstat::kProtocol;
    v.status = enh.value_or("5.5.1");
  } else {
    v.status = enh.value_or(smtp_to_dsn(r.code));
    v.rstatus.reset();
  }
  return v;
}

GroupResult part_of(std::vector<QueueAddress*> chain, const Verdict& v, std::string output,
                    const std::string& host) {
  GroupResult g;
  g.chain = std::move(chain);
  g.code = v.code;
  g.line = v.line ? *v.line : status_line(v.code, v.smtp_error);
  g.output = std::move(output);
  if (v.code != exitstat::kOk) {
    g.status = v.status;
    g.rstatus = v.rstatus;
    if (!host.empty()) g.statmta = host;
  }
  return g;
}

// The group: `first` and the recipients of `queue` with its mailer and host.
std::vector<QueueAddress*> group_of(QueueAddress& first, const std::vector<QueueAddress*>& queue) {
  const Mailer& m = *first.mailer;
  std::vector<QueueAddress*> chain;
  for (QueueAddress* to : queue) {
    if (!chain.empty() && !m.has_flag('m')) break;
    if (to->state != QState::Ok || to->mailer != first.mailer || to->host != first.host) continue;
    if (static_cast<int>(chain.size()) >= m.max_rcpt) break;
    chain.push_back(to);
  }
  return chain;
}

// smtpmailfrom()'s BODY=: the message's own body type (the qf's B line);
// else 8BITMIME for an 8-bit message when EightBitMode=m and the mailer
// has no F=8.
std::string body_type_of(const Envelope& env, const Mailer& m) {
  if (env.qf.body_type && !env.qf.body_type->empty()) return *env.qf.body_type;
  auto mode = option_value(env.rt.config().options, "EightBitMode");
  if (env.qf.has_flag('8') && mode && !mode->empty() && (mode->front() == 'm' || mode->front() == 'M') &&
      !m.has_flag('8'))
    return "8BITMIME";
  return std::string();
}

// The DSN parameters of MAIL (ENVID=, RET=) and of one RCPT (NOTIFY=
// for a primary recipient that asked, ORCPT=), sent when offered.
std::string mail_dsn_of(const queue::QueueFile& qf) {
  std::string out;
  if (qf.envid) out += " ENVID=" + *qf.envid;
  if (qf.has_flag('d')) out += qf.has_flag('n') ? " RET=HDRS" : " RET=FULL";
  return out;
}

std::string rcpt_dsn_of(const QueueAddress& to, const Mailer& m) {
  namespace qflag = envelope::qflag;
  std::string out;
  if ((to.flags & qflag::kHasNotify) && (to.flags & qflag::kPrimary) && !m.has_flag('l')) {
    std::vector<std::string> what;
    if (to.flags & qflag::kPingOnSuccess) what.emplace_back("SUCCESS");
    if (to.flags & qflag::kPingOnFailure) what.emplace_back("FAILURE");
    if (to.flags & qflag::kPingOnDelay) what.emplace_back("DELAY");
    out += " NOTIFY=" + (what.empty() ? std::string("NEVER") : fmt::format("{}", fmt::join(what, ",")));
  }
  if (to.orcpt) out += " ORCPT=" + *to.orcpt;
  return out;
}

std::string without_angles(std::string s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return s;
}

// The transaction for the group: the message as put_headers()/put_body()
// write it for the mailer, the envelope as smtpmailfrom()/smtprcpt() send it.
smtp_client::Request request_for(Envelope& env, const QueueAddress& first, const std::vector<QueueAddress*>& chain,
                                 const std::string& sender) {
  const Mailer& m = *first.mailer;
  envelope::Runtime& rt = env.rt;
  smtp_client::Request req;
  req.port = port_of(rt, m);
  const std::string* j = rt.macros().macro_value('j');
  req.helo_name = j ? *j : rt.sys().host_name();
  req.esmtp = m.has_flag('a');
  req.loop_check = !m.has_flag('k');
  req.sender = without_angles(sender);
  for (const QueueAddress* to : chain) {
    req.recipients.push_back(to->user);
    req.rcpt_dsn.push_back(rcpt_dsn_of(*to, m));
  }
  req.mail_dsn = mail_dsn_of(env.qf);
  OutputContext out = output_context(env, m);
  req.message = put_headers(env.headers.headers(), out) + put_body(env.body, m);
  // e_msgsize as readqf() counts it: the df, and each H line but "H??".
  req.size = static_cast<long>(env.body.size());
  for (const queue::QueueHeader& h : env.qf.headers) req.size += static_cast<long>(h.condition.size() + h.text.size());
  req.body_type = body_type_of(env, m);
  if (env.qf.auth) req.auth_param = *env.qf.auth;
  req.timeouts = timeouts_of(rt.config());
  return req;
}

// Why there is nothing to connect to: A= has no usable port, the host is
// unknown, or its lookup failed for now.
Verdict no_target(const std::string& host, int port, bool try_again) {
  Verdict v;
  std::string name = host;
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (port == 0) {
    v.code = exitstat::kConfig;
  } else if (try_again) {
    v.code = exitstat::kTempFail;
    v.smtp_error = fmt::format("Name server: {}: host name lookup failure", name);
  } else {
    v.code = exitstat::kNoHost;
    v.line = fmt::format("550 5.1.2 Host unknown (Name server: {}: host not found)", name);
  }
  return v;
}

// The transaction's outcome as parts of `result` (its chain, in order):
// one for everybody when it stopped before RCPT; else each refused RCPT
// on its own, right after its exchange, and the rest sharing the
// message's verdict.
void add_verdicts(GroupResult& result, const smtp_client::Result& res, const std::string& host) {
  const bool before_rcpt = res.stage == Stage::Connect || res.stage == Stage::Greeting ||
                           res.stage == Stage::Helo || res.stage == Stage::Mail;
  if (res.loops_back) {
    // smtpinit(): syserr() and EX_CONFIG for every recipient.
    Verdict v;
    v.code = exitstat::kConfig;
    v.status = "5.3.5";
    v.rstatus = "553 5.3.5 system config error";
    std::string out =
        res.transcript + fmt::format("553 5.3.5 {} config error: mail loops back to me (MX problem?)\n", host);
    result.parts.push_back(part_of(result.chain, v, out, host));
    return;
  }
  if (res.too_large > 0) {
    // deliver(): usrerr() and EX_DATAERR, before MAIL.
    Verdict v;
    v.code = exitstat::kDataErr;
    v.status = "5.3.4";
    std::string out =
        res.transcript + fmt::format("552 5.3.4 Message is too large; {} bytes max\n", res.too_large);
    result.parts.push_back(part_of(result.chain, v, out, host));
    return;
  }
  if (before_rcpt) {
    Verdict v = verdict_of(res.reply, res.stage, host, res.phase, res.enhanced_codes);
    result.parts.push_back(part_of(result.chain, v, res.transcript, host));
    return;
  }
  std::string pending = res.transcript;
  std::vector<QueueAddress*> rest;
  for (std::size_t i = 0; i < result.chain.size(); ++i) {
    const Reply& r = res.rcpts[i].reply;
    pending += res.rcpts[i].transcript;
    if (!r.ok() || r.type() == 2) {
      rest.push_back(result.chain[i]);
      continue;
    }
    Verdict v = verdict_of(r, Stage::Rcpt, host, "client RCPT", res.enhanced_codes);
    result.parts.push_back(part_of({result.chain[i]}, v, pending, host));
    pending.clear();
  }
  pending += res.data_transcript;
  if (rest.empty()) {
    if (!pending.empty()) {
      GroupResult g;
      g.output = pending;
      result.parts.push_back(std::move(g));
    }
    return;
  }
  const Stage stage = res.stage == Stage::Done ? Stage::DataFinal : res.stage;
  Verdict v = verdict_of(res.reply, stage, host, res.phase, res.enhanced_codes);
  if (res.write_timeout) {
    // smtpdata()'s datatimeout(): syserr("+451 4.4.1 timeout writing message to HOST").
    const std::string line = fmt::format("451 4.4.1 timeout writing message to {}", host);
    pending += line + "\n";
    v.smtp_error = line;
  }
  GroupResult g = part_of(rest, v, pending, host);
  if (v.code == exitstat::kOk) {
    // giveresponse(): "250 2.0.0 Sent (the server's words)".
    std::string text = reply_text(res.reply.first(), res.enhanced_codes);
    if (!text.empty()) g.line += " (" + shorten(text, limits::kMaxShortStr) + ")";
  }
  result.parts.push_back(std::move(g));
}

}  // namespace

GroupResult deliver_smtp(Envelope& env, QueueAddress& first, const std::vector<QueueAddress*>& queue,
                         const QueueRunOptions& opts, Reporter& rep) {
  GroupResult result;
  const Mailer& m = *first.mailer;
  envelope::Runtime& rt = env.rt;
  result.chain = group_of(first, queue);
  if (result.chain.empty()) return result;

  RemoteName rpath = remote_name(rt.ctx(), env.list.sender().paddr, m, rf::kSender | rf::kCanonical);
  rt.macros().define('g', rpath.text);
  rt.macros().define('h', first.host);
  rt.macros().define('u', first.user);
  smtp_client::Request req = request_for(env, first, result.chain, rpath.text);
  if (m.max_size > 0 && req.size > m.max_size) {
    // deliver(): the mailer's M= refuses each recipient before connecting.
    Verdict v;
    v.code = exitstat::kUnavailable;
    v.status = "5.3.4";
    const std::string line = fmt::format("552 5.3.4 Message is too large; {} bytes max\n", m.max_size);
    for (QueueAddress* to : result.chain) result.parts.push_back(part_of({to}, v, line, ""));
    return result;
  }
  std::unique_ptr<dns::DnsClient> dns = mx_client(rt.sys(), rt.config());
  HostPlan plan = host_plan(rt.sys(), dns.get(), first.host);
  req.targets = plan.targets;
  if (req.targets.empty() || req.port == 0) {
    result.parts.push_back(part_of(result.chain, no_target(first.host, req.port, plan.try_again), "", ""));
    return result;
  }
  if (opts.verbose) {
    // nmessage("050 %s"): shown with -v (a Reporter at verbose level 1).
    req.trace = [&rep](const std::string& line) { rep.message("deliver-smtp", "050 " + line); };
    const std::string port = m.argv.size() >= 3 ? fmt::format(" port {}", req.port) : std::string();
    rep.message("deliver-smtp",
                fmt::format("050 {}... Connecting to {}{} via {}...", first.paddr, first.host, port, m.name));
  }
  smtp_client::Result res = smtp_client::run_transaction(req);
  add_verdicts(result, res, res.host.empty() ? first.host : res.host);
  for (GroupResult& p : result.parts) p.remote_dsn = res.dsn;
  if (opts.verbose)
    for (const GroupResult& p : result.parts)
      for (const QueueAddress* to : p.chain) rep.message("deliver-status", fmt::format("{}... {}", to->paddr, p.line));
  return result;
}

}  // namespace smcf::deliver
