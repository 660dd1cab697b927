// queue_run.cpp -- a queue run (see queue_run.hpp).
#include "deliver/queue_run.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "address/remotename.hpp"
#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "deliver/mailer_output.hpp"
#include "engine/compiled.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "host/effects.hpp"
#include "host/process.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "names/macro_id.hpp"
#include "queue/queue_dir.hpp"
#include "queue/queue_file_io.hpp"
#include "queue/queue_listing.hpp"
#include "read/defaults.hpp"
#include "submit/header_list.hpp"
#include "submit/queue_records.hpp"

namespace smcf::deliver {
namespace {

using envelope::QState;
using envelope::QueueAddress;
namespace qflag = envelope::qflag;

bool contains(std::string_view hay, const std::vector<std::string>& needles) {
  if (needles.empty()) return true;
  return std::any_of(needles.begin(), needles.end(),
                     [&](const std::string& n) { return hay.find(n) != std::string_view::npos; });
}

std::uint32_t qf_flag_bits(std::string_view letters) {
  std::uint32_t f = 0;
  for (char c : letters) {
    switch (c) {
      case 'N': f |= qflag::kHasNotify; break;
      case 'S': f |= qflag::kPingOnSuccess; break;
      case 'F': f |= qflag::kPingOnFailure; break;
      case 'D': f |= qflag::kPingOnDelay; break;
      case 'P': f |= qflag::kPrimary; break;
      default: break;
    }
  }
  return f;
}

// What a mailer's exit status means for its recipients (markfailure()).
enum class Outcome { Sent, Deferred, Failed };
Outcome outcome_of(int status) {
  if (status == exitstat::kOk) return Outcome::Sent;
  if (status == exitstat::kTempFail || status == exitstat::kIoErr || status == exitstat::kOsErr)
    return Outcome::Deferred;
  return Outcome::Failed;
}

// sm_sysexmsg(): the SMTP reply and text of an exit status (':' first:
// errno applies), or nullptr for an unknown one.
const char* sysexit_message(int status) {
  switch (status) {
    case exitstat::kUsage: return " 500 5.0.0 Command line usage error";
    case exitstat::kDataErr: return " 501 5.6.0 Data format error";
    case exitstat::kNoInput: return ":550 5.3.0 Cannot open input";
    case exitstat::kNoUser: return " 550 5.1.1 User unknown";
    case exitstat::kNoHost: return " 550 5.1.2 Host unknown";
    case exitstat::kUnavailable: return " 554 5.0.0 Service unavailable";
    case exitstat::kSoftware: return ":554 5.3.0 Internal error";
    case exitstat::kOsErr: return ":451 4.0.0 Operating system error";
    case exitstat::kOsFile: return ":554 5.3.5 System file missing";
    case exitstat::kCantCreat: return ":550 5.0.0 Can't create output";
    case exitstat::kIoErr: return ":451 4.0.0 I/O error";
    case exitstat::kTempFail: return " 450 4.0.0 Deferred";
    case exitstat::kProtocol: return " 554 5.5.0 Remote protocol error";
    case exitstat::kNoPerm: return ":550 5.0.0 Insufficient permission";
    case exitstat::kConfig: return " 554 5.3.5 Local configuration error";
    default: return nullptr;
  }
}

// giveresponse(): the status line of an exit status ("450 4.0.0
// Deferred: local mailer (/usr/bin/procmail) exited with EX_TEMPFAIL"),
// given the text endmailer() left (SmtpError).
std::string status_line(int status, const std::string& smtp_error) {
  if (status == 0) return "250 2.0.0 Sent";
  const char* ex = sysexit_message(status);
  if (!ex) return fmt::format("554 5.3.0 unknown mailer error {}", status);
  std::string line = ex + 1;
  if (status == exitstat::kTempFail && !smtp_error.empty()) line += ": " + smtp_error;
  return line;
}

// The text after the reply code and enhanced status (what e_message and
// the M record get).
std::string message_text(const std::string& line) {
  std::string_view v = line;
  if (v.size() > 4) v.remove_prefix(4);
  std::size_t sp = v.find(' ');
  if (sp != std::string_view::npos && sp >= 5 && v[1] == '.') v.remove_prefix(sp + 1);
  return std::string(v);
}

// The uid/gid a program mailer runs as (deliver.c, simplified): none when
// smcf is not root or the mailer has F=S; else the controlling user of
// the address, the mailer's U=, or DefaultUser.
void choose_user(ProcessRequest& req, const Mailer& m, const QueueAddress& to, const envelope::EnvelopeOptions& o) {
  if (::geteuid() != 0 || m.has_flag('S')) return;
  const QueueAddress* ctl = &to;
  while (ctl && !(ctl->flags & qflag::kGoodUid)) ctl = ctl->alias;
  if (m.uid >= 0) {
    req.uid = m.uid;
    req.gid = m.gid >= 0 ? m.gid : o.def_gid;
  } else if (ctl && ctl->uid != 0) {
    req.uid = ctl->uid;
    req.gid = ctl->gid;
  } else {
    req.uid = o.def_uid;
    req.gid = o.def_gid;
  }
}

struct Envelope {
  envelope::Runtime& rt;
  envelope::RecipientList& list;
  submit::HeaderList& headers;
  const queue::QueueFile& qf;
  const std::string& body;
  bool delete_bcc;
};

// deliver(): one mailer invocation for `first` and the recipients that
// can share it.  Returns the recipients it took, with the outcome.
std::vector<QueueAddress*> deliver_group(Envelope& env, QueueAddress& first, const std::vector<QueueAddress*>& queue,
                                         const QueueRunOptions& opts, Reporter& rep, Outcome* outcome,
                                         std::string* status) {
  const Mailer& m = *first.mailer;
  envelope::Runtime& rt = env.rt;
  AddressContext& ctx = rt.ctx();
  RemoteName rpath = remote_name(ctx, env.list.sender().paddr, m, rf::kSender | rf::kCanonical);
  rt.macros().define('g', rpath.text);
  rt.macros().define('h', first.host);

  std::vector<std::string> argv;
  argv.push_back(m.argv.empty() ? m.path : rt.expand(m.argv[0], limits::kMaxLine));
  if (m.has_flag('f') || m.has_flag('r')) {  // FromFlag is set in every queue run
    argv.push_back(m.has_flag('f') ? "-f" : "-r");
    argv.push_back(rpath.text);
  }
  std::size_t u_arg = 1;
  auto has_u = [](const std::string& a) {
    for (std::size_t i = 0; i + 1 < a.size(); ++i)
      if (static_cast<unsigned char>(a[i]) == 0201 && a[i + 1] == 'u') return true;
    return false;
  };
  for (; u_arg < m.argv.size() && !has_u(m.argv[u_arg]); ++u_arg) argv.push_back(rt.expand(m.argv[u_arg], limits::kMaxLine));

  std::vector<QueueAddress*> chain;
  for (QueueAddress* to : queue) {
    if (!chain.empty() && !m.has_flag('m')) break;
    if (to->state != QState::Ok || to->mailer != first.mailer || to->host != first.host) continue;
    if (static_cast<int>(chain.size()) >= m.max_rcpt) break;
    std::string user = to->user;
    if (m.has_flag('s')) user.erase(std::remove(user.begin(), user.end(), '"'), user.end());
    if (m.name == "prog" && !user.empty() && user[0] == '|') user.erase(0, 1);
    rt.macros().define('u', user);
    const QueueAddress* ctl = to;
    while (ctl && !(ctl->flags & qflag::kGoodUid)) ctl = ctl->alias;
    std::optional<std::string> home = to->home ? to->home : (ctl ? ctl->home : std::nullopt);
    rt.macros().define('z', home);
    if (u_arg < m.argv.size()) argv.push_back(rt.expand(m.argv[u_arg], limits::kMaxLine));
    chain.push_back(to);
  }
  if (chain.empty()) return chain;
  for (std::size_t i = u_arg + 1; i < m.argv.size(); ++i) argv.push_back(rt.expand(m.argv[i], limits::kMaxLine));

  OutputContext out;
  out.mailer = &m;
  out.resent = env.headers.resent();
  out.delete_bcc = env.delete_bcc;
  out.expand = [&](std::string_view s) { return rt.expand(s, limits::kMaxLine); };
  out.macro = [&](int id) { return rt.macros().macro_value(id); };
  out.header_address = [&](std::string_view a, bool sender) {
    return remote_name(ctx, a, m, rf::kHeader | rf::kAddDomain | (sender ? rf::kSender : 0)).text;
  };
  std::string message = put_headers(env.headers.headers(), out) + put_body(env.body, m);

  ProcessRequest req;
  req.path = m.path;
  req.argv = argv;
  req.input = std::move(message);
  req.nice = m.nice;
  req.timeout_seconds = m.wait > 0 ? m.wait : (opts.mailer_timeout > 0 ? opts.mailer_timeout : limits::kMailerTimeout);
  req.environment.push_back("AGENT=sendmail");
  if (const char* tz = std::getenv("TZ")) req.environment.push_back(std::string("TZ=") + tz);
  for (const EnvSetting& e : rt.config().environment) {
    if (e.value) req.environment.push_back(e.name + "=" + *e.value);
    else if (const char* v = std::getenv(e.name.c_str())) req.environment.push_back(e.name + "=" + v);
  }
  choose_user(req, m, first, rt.options());
  if (!m.exec_dir.empty()) {
    // D=: the first directory of the list that exists ($z expanded).
    std::string dirs = rt.expand(m.exec_dir, limits::kMaxLine);
    std::size_t s = 0;
    while (s <= dirs.size()) {
      std::size_t c = dirs.find(':', s);
      std::string d = dirs.substr(s, c == std::string::npos ? std::string::npos : c - s);
      if (!d.empty() && ::access(d.c_str(), X_OK) == 0) {
        req.directory = d;
        break;
      }
      if (c == std::string::npos) break;
      s = c + 1;
    }
  }
  ProcessResult r = run_process(req);
  int code;
  std::string smtp_error;
  if (!r.started) {
    code = exitstat::kTempFail;
    smtp_error = fmt::format("Cannot exec {}: {}", m.path, std::strerror(r.spawn_errno));
  } else if (r.timed_out) {
    code = exitstat::kTempFail;
    smtp_error = fmt::format("{} mailer ({}) timed out after {} s", m.name, m.path, req.timeout_seconds);
  } else if (!r.exited) {
    code = exitstat::kTempFail;
    smtp_error = fmt::format("{} mailer ({}) died with signal {}", m.name, m.path, r.signal);
  } else {
    code = r.exit_status;
    if (code == exitstat::kTempFail) smtp_error = fmt::format("{} mailer ({}) exited with EX_TEMPFAIL", m.name, m.path);
  }
  *status = status_line(code, smtp_error);
  *outcome = outcome_of(code);
  if (opts.verbose)
    for (QueueAddress* to : chain) rep.message("deliver-status", fmt::format("{}... {}", to->paddr, *status));
  return chain;
}

// One queue entry: lock, read, deliver, commit.  Returns false when it
// was skipped (locked or lost).
void run_entry(const std::string& id, queue::QueueDir& dir, std::shared_ptr<const CompiledConfig> cc,
               const System& sys, const Effects& effects, Reporter& rep, const QueueRunOptions& opts,
               QueueRunStats& stats) {
  std::optional<queue::QueueLock> lock = dir.try_lock(id);
  if (!lock) {
    ++stats.locked;
    return;
  }
  int err = 0;
  auto bytes = sys.read_file(dir.file_path('q', id), &err);
  if (!bytes) return;  // gone since the directory was read
  queue::ParsedQueueFile parsed = queue::parse_queue_file(*bytes, "./qf" + id);
  if (!parsed.file) {
    if (parsed.error) {
      rep.syserr("queue-bad-qf", parsed.error->detail);
      if (parsed.error->reason != "incomplete queue file read") {
        dir.lose(id);
        ++stats.lost;
      }
    }
    return;
  }
  const queue::QueueFile& qf = *parsed.file;
  // readqf(): an entry tried less than MinQueueAge ago waits.
  const long now_s = static_cast<long>(effects.now());
  if (qf.tries > 0 && qf.last_attempt <= now_s && now_s < qf.last_attempt + opts.min_queue_age) return;
  if (!contains(id, opts.ids) || !contains(qf.sender, opts.senders)) return;
  if (!opts.recipients.empty() &&
      std::none_of(qf.recipients.begin(), qf.recipients.end(),
                   [&](const queue::QueueRecipient& r) { return contains(r.address, opts.recipients); }))
    return;
  auto body = sys.read_file(dir.file_path('d', id), &err);
  if (!body) {
    rep.syserr("queue-no-df", fmt::format("readqf: cannot open ./df{}", id), err);
    return;
  }

  envelope::Runtime rt(cc, sys, rep);
  rt.define_long("opMode", "q");
  rt.macros().define('i', id);
  const std::time_t now = effects.now();
  MacroNames& names = rt.engine().names().macros;
  for (const auto& [name, value] : qf.macros) {
    std::string_view n = name;
    if (n.size() > 2 && n.front() == '{') n = n.substr(1, n.size() - 2);
    int mid = macro_id_of(n, names, nullptr);
    if (mid > 0) rt.macros().define(mid, value);
  }
  rt.macros().define('b', startup::arpa_date(now));
  SenderEnv senv;
  senv.sys = &sys;
  senv.real_name = invoking_user_name(sys, rep);
  EnvelopeState envst;
  ParsedAddress from = set_sender(rt.ctx(), qf.sender, senv, envst);
  envelope::RecipientList list(rt);
  list.set_sender(from, envst.from_printable);
  rt.macros().define('f', envst.sender);

  submit::HeaderList headers(rt.config(), false);
  for (const queue::QueueHeader& h : qf.headers)
    headers.add_queued_header(h.condition, h.text, [&](std::string_view n) { return macro_id_of(n, names, nullptr); });
  if (auto fn = headers.value("full-name")) rt.macros().define('x', *fn);
  if (auto d = headers.value("date")) rt.macros().define('a', *d);

  QueueAddress* ctladdr = nullptr;
  for (const queue::QueueRecipient& r : qf.recipients) {
    if (r.controller) ctladdr = list.controller(*r.controller);
    list.queued_recipient(r.address, qf_flag_bits(r.flags), ctladdr);
  }
  rep.set_current_address(std::nullopt);

  Envelope env{rt, list, headers, qf, *body, qf.has_flag('b')};
  std::vector<QueueAddress*> queue = list.queue().ordered();
  bool attempted = false;     // any mailer ran: the qf records the attempt
  std::string last_failure;  // e_message: the last status that was not a success
  for (QueueAddress* q : queue) {
    if (q->state != QState::Ok || !q->mailer) continue;
    const Mailer& m = *q->mailer;
    // Not delivered here (yet): SMTP/LMTP ([IPC]) and *file* ([FILE]).
    if (m.path == "[IPC]" || m.path == "[TCP]" || m.path == "[FILE]") continue;
    Outcome outcome = Outcome::Deferred;
    std::string status;
    std::vector<QueueAddress*> group = deliver_group(env, *q, queue, opts, rep, &outcome, &status);
    if (!group.empty()) attempted = true;
    if (!group.empty() && outcome != Outcome::Sent) last_failure = status;
    for (QueueAddress* to : group) {
      switch (outcome) {
        case Outcome::Sent: to->state = QState::Sent; ++stats.delivered; break;
        case Outcome::Deferred: to->state = QState::QueueUp; ++stats.deferred; break;
        case Outcome::Failed: to->state = QState::BadAddr; ++stats.failed; break;
      }
    }
  }
  effects.failpoint("deliver.before-commit");

  // The outcome, committed: the send queue's undelivered addresses (and,
  // until bounces exist, the failed ones); the envelope's status text is
  // the last failure (sendmail writes no per-recipient M for these mailers).
  queue::QueueFile next = qf;
  const std::string* j = rt.macros().macro_value('j');
  next.recipients = submit::queue_records(queue, from.mailer, j ? *j : std::string(), true);
  queue::QueueError qerr;
  if (next.recipients.empty()) {
    if (!dir.remove(id, &qerr)) rep.syserr("queue-remove", fmt::format("cannot remove {}", qerr.path), qerr.err);
    ++stats.finished;
    return;
  }
  if (attempted) {
    // queueup() after a queue run: the attempt, the priority aged by
    // RetryFactor (readqf() adds it), the df's inode, the last status text.
    next.tries = qf.tries + 1;
    next.last_attempt = static_cast<long>(now);
    next.priority = qf.priority + priority_factors(rt.config().options).retry;
    struct stat st {};
    if (::stat(dir.file_path('d', id).c_str(), &st) == 0)
      next.df_inode = fmt::format("{}/{}/{}", major(st.st_dev), minor(st.st_dev),
                                  static_cast<unsigned long long>(st.st_ino));
    if (!last_failure.empty()) next.message = message_text(last_failure);
    if (!dir.rewrite(id, next, *lock, &qerr))
      rep.syserr("queue-rewrite", fmt::format("cannot rewrite {}", qerr.path), qerr.err);
    ++stats.requeued;
  }
}

}  // namespace

QueueRunStats run_queue(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                        Reporter& rep, const std::string& queue_path, const QueueRunOptions& opts) {
  QueueRunStats stats;
  queue::QueueDir dir(queue_path, effects);
  queue::ListingOptions order = queue::listing_options(cc->ir(), effects);
  order.path = queue_path;
  QueueRunOptions run_opts = opts;
  run_opts.min_queue_age = order.min_queue_age;
  for (const std::string& id : queue::run_order(order, effects)) {
    ++stats.entries;
    run_entry(id, dir, cc, sys, effects, rep, run_opts, stats);
  }
  return stats;
}

}  // namespace smcf::deliver
