// submission.cpp -- main()'s MD_DELIVER path up to the queue (see
// submission.hpp).
#include "submit/submission.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <cstdio>
#include <cstdlib>

#include "address/crackaddr.hpp"
#include "address/header_check.hpp"
#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/xtext.hpp"
#include "engine/compiled.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "host/effects.hpp"
#include "host/system.hpp"
#include "ir/classes.hpp"
#include "ir/config.hpp"
#include "ir/header.hpp"
#include "names/macro_id.hpp"
#include "queue/queue_dir.hpp"
#include "queue/queue_id.hpp"
#include "read/defaults.hpp"
#include "submit/header_list.hpp"
#include "submit/message_reader.hpp"
#include "submit/queue_records.hpp"

namespace smcf::submit {
namespace {

using envelope::QueueAddress;
using envelope::QState;
namespace qflag = envelope::qflag;


// The DSN flags of the command line (main.c -N, -R, -V): their errors,
// as sendmail prints them while it reads its arguments.
struct DsnArgs {
  std::uint32_t notify = envelope::qflag::kPingOnFailure | envelope::qflag::kPingOnDelay;
  bool ret_given = false;  // EF_RET_PARAM
  bool headers_only = false;  // EF_NO_BODY_RETN
  bool ok = true;
};
DsnArgs dsn_arguments(const SubmitRequest& req, Reporter& rep) {
  DsnArgs d;
  if (req.notify) {
    d.notify = envelope::qflag::kHasNotify;
    if (!equals_nocase(*req.notify, "never")) {
      std::string_view rest = *req.notify;
      for (;;) {
        std::size_t comma = rest.find(',');
        std::string_view w = rest.substr(0, comma);
        if (equals_nocase(w, "success")) d.notify |= envelope::qflag::kPingOnSuccess;
        else if (equals_nocase(w, "failure")) d.notify |= envelope::qflag::kPingOnFailure;
        else if (equals_nocase(w, "delay")) d.notify |= envelope::qflag::kPingOnDelay;
        else {
          rep.usrerr("submit-bad-notify", "Invalid -N argument");
          d.ok = false;
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
  }
  for (const std::string& r : req.ret) {
    if (d.ret_given) {
      rep.usrerr("submit-duplicate-ret", "Duplicate -R flag");
      d.ok = false;
      continue;
    }
    d.ret_given = true;
    if (equals_nocase(r, "hdrs")) {
      d.headers_only = true;
    } else if (!equals_nocase(r, "full")) {
      rep.usrerr("submit-bad-ret", "Invalid -R value");
      d.ok = false;
    }
  }
  if (req.envid && !xtext_ok(*req.envid)) {
    rep.usrerr("submit-bad-envid", "Invalid syntax in -V flag");
    d.ok = false;
  }
  return d;
}

// priencode(): the class of a Precedence: value (the cf's P lines), 0 if
// it names none.
int precedence_class(const Config& cf, std::string_view value) {
  std::string v(value);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(0, 1);
  for (const auto& p : cf.precedences)
    if (equals_nocase(p.name, v)) return p.value;
  return 0;
}

}  // namespace

void set_time_macros(envelope::Runtime& rt, std::time_t now) {
  std::tm gmt{};
  ::gmtime_r(&now, &gmt);
  rt.define_long("time", std::to_string(static_cast<long>(now)));
  rt.macros().define('t', fmt::format("{:04d}{:02d}{:02d}{:02d}{:02d}", gmt.tm_year + 1900, gmt.tm_mon + 1,
                                      gmt.tm_mday, gmt.tm_hour, gmt.tm_min));
  rt.macros().define('d', startup::ctime_date(now));
  std::string b = startup::arpa_date(now);
  rt.macros().define('b', b);
  rt.macros().define('a', b);
}

namespace {

// eatfrom(): the date of a "From " line, in ctime() form, as arpadate()
// makes it (the zone offset is the current one, as sendmail computes it).
std::optional<std::string> unix_from_date(std::string_view line, std::time_t now) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t p = 0;
  while (p < line.size()) {
    while (p < line.size() && line[p] != ' ') ++p;
    while (p < line.size() && line[p] == ' ') ++p;
    std::string_view d = line.substr(p);
    if (d.size() < 17) return std::nullopt;
    if (!(d[0] >= 'A' && d[0] <= 'Z') || d[3] != ' ' || d[13] != ':' || d[16] != ':') continue;
    bool dow = std::any_of(std::begin(kDays), std::end(kDays), [&](const char* w) { return d.substr(0, 3) == w; });
    bool mon = std::any_of(std::begin(kMonths), std::end(kMonths), [&](const char* w) { return d.substr(4, 3) == w; });
    if (!dow || !mon) continue;
    std::string ud(d.substr(0, 24));
    ud.resize(24, ' ');
    std::string out = ud.substr(0, 3) + ", ";
    out += ud[8] == ' ' ? ud.substr(9, 1) : ud.substr(8, 2);
    out += " " + ud.substr(4, 3) + " " + ud.substr(20, 4) + " " + ud.substr(11, 8) + " ";
    std::string zone = startup::arpa_date(now);  // the offset is the last word
    out += zone.substr(zone.rfind(' ') + 1);
    return out;
  }
  return std::nullopt;
}

}  // namespace

SubmitResult submit_message(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                            Reporter& rep, const std::string& queue_path, const SubmitRequest& req) {
  SubmitResult result;
  const DsnArgs dsn = dsn_arguments(req, rep);
  if (!dsn.ok) {
    result.exit_status = exitstat::kUsage;
    return result;
  }
  envelope::Runtime rt(cc, sys, rep);
  if (req.notify) rt.define_long("dsn_notify", *req.notify);
  if (!req.ret.empty()) rt.define_long("dsn_ret", req.ret.front());
  if (req.envid) rt.define_long("dsn_envid", *req.envid);
  rt.define_long("opMode", "m");
  rt.define_long("daemon_flags", "c u");
  const std::time_t now = effects.now();
  set_time_macros(rt, now);

  // setsender(): -f, or the invoking user.
  SenderEnv senv;
  senv.sys = &sys;
  senv.real_name = invoking_user_name(sys, rep);
  EnvelopeState envelope;
  if (req.full_name) envelope.full_name = *req.full_name;
  ParsedAddress from = set_sender(rt.ctx(), req.sender ? *req.sender : senv.real_name, senv, envelope);
  envelope::RecipientList list(rt);
  list.set_sender(from, envelope.from_printable);
  list.set_default_notify(dsn.notify);
  if (envelope.full_name) rt.macros().define('x', *envelope.full_name);

  // AUTH=: $f, qualified with $j.
  std::string auth;
  if (const std::string* f = rt.macros().macro_value('f'); f && !f->empty()) {
    std::string v = *f;
    if (v.find('@') == std::string::npos) {
      const std::string* j = rt.macros().macro_value('j');
      v += "@" + (j ? *j : std::string());
    }
    auth = xtextify(v);
  }

  if (req.recipients.empty() && !req.recipients_from_headers) {
    rep.set_current_address(std::nullopt);
    rep.usrerr("submit-no-recipients", "Recipient names must be specified");
    result.exit_status = exitstat::kUsage;
    return result;
  }
  list.send_to_argv(req.recipients);
  if (rep.error_count() > 0 && rep.exit_status() == exitstat::kOk) rep.set_exit_status(exitstat::kUsage);
  rep.set_current_address(std::nullopt);

  CollectedEnvelope env{.rt = rt, .list = list, .from = from, .state = envelope};
  env.auth = auth;
  env.ret_given = dsn.ret_given;
  env.headers_only = dsn.headers_only;
  env.envid = req.envid;
  env.body_type = req.body_type;
  env.recipients_from_headers = req.recipients_from_headers;
  env.ignore_dots = req.ignore_dots;
  return queue_message(env, req.input, now, effects, rep, queue_path);
}

SubmitResult queue_message(CollectedEnvelope& env, std::string_view input, std::time_t now, const Effects& effects,
                           Reporter& rep, const std::string& queue_path) {
  SubmitResult result;
  const int errors_before = rep.error_count();
  envelope::Runtime& rt = env.rt;
  envelope::RecipientList& list = env.list;
  const ParsedAddress& from = env.from;
  EnvelopeState& envelope = env.state;
  const Config& cf = rt.config();
  // collect(): the queue id comes with the data file.
  queue::QueueIdSource own_ids(effects);
  result.queue_id = (env.ids ? *env.ids : own_ids).next();
  rt.macros().define('i', result.queue_id);

  ReadOptions ro;
  ro.ignore_dots = env.ignore_dots;
  if (auto v = option_value(cf.options, "MaxMessageSize")) ro.max_message_size = parse_atol(*v);
  ro.max_headers_length = cf.options.max_headers_length;
  CollectedMessage msg = read_message(input, ro);
  if (!msg.unix_from.empty())
    if (auto d = unix_from_date(msg.unix_from, now)) rt.macros().define('a', *d);

  HeaderList headers(cf);
  const bool local_sender = from.mailer && from.mailer->has_flag('l');
  int header_count = 0;
  for (const std::string& line : msg.header_lines) {
    unsigned long flags = chomp_user_header(rt.ctx(), line, true, envelope);
    if (flags == 0) continue;
    headers.add_message_header(line, flags, local_sender ? envelope.from_printable : "",
                               local_sender ? from.user : "");
    if (flags & header_flag::kEndOfHeader) break;
    ++header_count;
  }
  // collect_eoh(): the end-of-header check.
  if (int rs = rt.engine().ruleset_number("check_eoh", nullptr); rs > 0) {
    std::string size = std::to_string(msg.header_bytes);
    rscheck(rt.ctx(), rs, std::to_string(header_count), &size, rsf::kUnstructured | rsf::kCount);
  }
  if (msg.headers_too_large) {
    rep.usrerr("submit-headers-too-large",
               fmt::format("552 5.6.0 Headers too large ({} max)", cf.options.max_headers_length));
    result.exit_status = exitstat::kDataErr;
    return result;
  }

  // eatheader().
  rt.macros().define('f', envelope.sender);
  rt.macros().define('g', envelope.sender);
  if (auto fn = headers.value("full-name")) rt.macros().define('x', *fn);
  // $u: the one recipient given so far, if there is exactly one
  // (recipient.c's e_origrcpt: top-level addresses, not what aliases made).
  {
    std::string origrcpt;
    int primaries = 0;
    for (QueueAddress* q : list.queue().ordered())
      if (!q->alias)
        origrcpt = primaries++ == 0 ? q->paddr : (origrcpt == q->paddr ? origrcpt : std::string());
    if (!origrcpt.empty()) rt.macros().define('u', origrcpt);
    else rt.macros().define('u', std::nullopt);
  }
  // -t: the recipients are in To:, Cc:, Bcc: (Resent- ones on a resent message).
  if (env.recipients_from_headers) {
    for (const Header& h : headers.headers()) {
      if (!h.value || !(h.flags & header_flag::kRecipient) || (h.flags & header_flag::kDefault)) continue;
      if (headers.resent() && !(h.flags & header_flag::kResent)) continue;
      std::string v = *h.value;
      std::replace(v.begin(), v.end(), '\n', ' ');
      list.send_to_list(v, nullptr, 0);
    }
  }
  std::vector<QueueAddress*> queued = list.queue().ordered();

  CrackOptions crack_opts = crack_options(cf.options);
  auto expand = [&](std::string_view s) { return rt.expand(s, 2048); };
  auto crack = [&](std::string_view s) { return crackaddr(s, crack_opts); };
  headers.bind_defaults(expand, crack);
  int hops = headers.hop_count();
  if (hops > 0) rt.macros().define('c', std::to_string(hops));
  int pclass = 0;
  if (auto p = headers.value("precedence")) pclass = precedence_class(cf, *p);
  if (auto d = headers.value("posted-date")) rt.macros().define('a', *d);
  else if (auto d2 = headers.value("date")) rt.macros().define('a', *d2);
  std::optional<std::string> body_type = env.body_type;
  bool is_mime = (body_type && equals_nocase(*body_type, "8bitmime")) || headers.value("mime-version").has_value();
  // eatheader() runs when the header ends: only 8-bit bytes seen so far
  // (in the header) make a MIME message 8BITMIME.
  const bool header_eight_bit = std::any_of(msg.header_lines.begin(), msg.header_lines.end(), [](const std::string& l) {
    return std::any_of(l.begin(), l.end(), [](char c) { return (c & 0x80) != 0; });
  });
  if (is_mime && header_eight_bit) body_type = "8BITMIME";
  if (!msg.eight_bit && body_type && equals_nocase(*body_type, "8bitmime")) body_type = "7BIT";
  // collect_doheader(): with a To:, Cc: or Apparently-To: any Bcc: is
  // deleted on delivery; without any recipient header, NoRecipientAction.
  if (env.recipients_from_headers && queued.empty())
    rep.usrerr("submit-no-header-recipients", "No recipient addresses found in header");
  bool delete_bcc = headers.value("to") || headers.value("cc") || headers.value("apparently-to");
  if (!delete_bcc && !headers.value("bcc")) {
    std::string action = lower_ascii(option_value(cf.options, "NoRecipientAction").value_or("none"));
    if (action == "add-bcc") {
      headers.add_default_header("Bcc", " ");
    } else if (action == "add-to-undisclosed") {
      headers.add_default_header("To", "undisclosed-recipients:;");
    } else if (action == "add-to" || action == "add-apparently-to") {
      for (QueueAddress* q : queued)
        if (!q->alias) headers.add_default_header(action == "add-to" ? "To" : "Apparently-To", q->paddr);
    }
  }
  if (msg.too_big) {
    rep.usrerr("submit-too-big", fmt::format("552 5.2.3 Message exceeds maximum fixed size ({})", ro.max_message_size));
    result.exit_status = exitstat::kDataErr;
    return result;
  }
  if (env.smtp ? rep.error_count() != errors_before : rep.exit_status() != exitstat::kOk) {
    result.exit_status = rep.exit_status() != exitstat::kOk ? rep.exit_status() : exitstat::kDataErr;
    return result;
  }

  // queueup().
  queue::QueueFile qf;
  qf.created = static_cast<long>(now);
  const PriorityFactors factors = priority_factors(cf.options);
  qf.priority = msg.size - pclass * factors.klass + list.nrcpts() * factors.recipient;
  if (body_type) qf.body_type = *body_type;
  if (msg.eight_bit) qf.flags += '8';
  if (delete_bcc) qf.flags += 'b';
  if (env.ret_given) qf.flags += 'd';
  if (pclass < 0 || env.headers_only) qf.flags += 'n';  // no body in a bounce (bulk mail, -R hdrs)
  qf.flags += 's';
  qf.macros = submit::persistent_macros(rt);
  qf.sender = envelope.from_printable;
  qf.envid = env.envid;
  if (!env.auth.empty()) qf.auth = env.auth;
  const std::string my_host = [&] {
    const std::string* j = rt.macros().macro_value('j');
    return j ? *j : std::string();
  }();
  qf.recipients = queue_records(queued, from.mailer, my_host);
  rt.macros().define('g', std::string{static_cast<char>(0201), 'f'});

  for (auto& h : headers.queued(expand, rt.engine().names().macros, headers.resent()))
    qf.headers.push_back({std::move(h.condition), std::move(h.text)});

  queue::QueueDir dir(queue_path, effects);
  queue::QueueError err;
  std::optional<queue::QueueLock> lock = dir.commit_new(result.queue_id, msg.body, qf, &err);
  if (!lock) {
    rep.syserr("submit-queue-write",
               fmt::format("queueup: cannot create queue file {} ({})", err.path, err.step), err.err);
    result.exit_status = exitstat::kTempFail;
    result.queue_id.clear();
    return result;
  }
  return result;
}

}  // namespace smcf::submit