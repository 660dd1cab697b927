// mailer_run.cpp -- one delivery attempt (see mailer_run.hpp).
#include "deliver/mailer_run.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include "address/remotename.hpp"
#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "deliver/file_mailer.hpp"
#include "deliver/mailer_output.hpp"
#include "deliver/mailer_status.hpp"
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
#include "queue/queue_id.hpp"
#include "queue/queue_listing.hpp"
#include "read/defaults.hpp"
#include "submit/header_list.hpp"
#include "submit/queue_records.hpp"

namespace smcf::deliver {

using envelope::QState;
using envelope::QueueAddress;
namespace qflag = envelope::qflag;

namespace {
// stripquotes() (F=s): '"' dropped, a backslash takes the next byte as is.
std::string strip_quotes(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      if (++i < s.size()) out.push_back(s[i]);
    } else if (s[i] != '"') {
      out.push_back(s[i]);
    }
  }
  return out;
}

// stripbackslash() (F=B): leading backslashes before a letter, digit or
// another backslash.
std::string strip_backslashes(std::string_view s) {
  std::size_t i = 0;
  while (i + 1 < s.size() && s[i] == '\\' &&
         (s[i + 1] == '\\' || std::isalnum(static_cast<unsigned char>(s[i + 1]))))
    ++i;
  return std::string(s.substr(i));
}

// putfromline(): the UnixFromLine every mailer without F=n gets first.
std::string unix_from_line(envelope::Runtime& rt, const Mailer& m) {
  if (m.has_flag('n')) return std::string();
  std::string from_line = rt.config().options.unix_from_line.value_or(
      std::string{'F', 'r', 'o', 'm', ' ', static_cast<char>(0201), 'g', ' ', ' ', static_cast<char>(0201), 'd'});
  return put_text(rt.expand(from_line, limits::kMaxLine), m, false);
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



// mailfile()'s delivery user: F=S the mailer's U= (or RunAsUser); the
// controlling user of the address (an alias's: DefaultUser with its
// group); the mailer's U=; DefaultUser.  Never root.
void file_user(FileDelivery& d, const Mailer& m, const QueueAddress& to, const envelope::EnvelopeOptions& o) {
  if (::geteuid() != 0) return;
  const QueueAddress* ctl = envelope::controlling_address(&to);
  long uid, gid;
  if (m.has_flag('S')) {
    uid = m.uid >= 0 ? m.uid : o.run_as_uid;
    gid = m.gid >= 0 ? m.gid : 0;
  } else {
    if (ctl && ctl->uid != 0) uid = ctl->uid;
    else if (m.uid >= 0) uid = m.uid;
    else uid = o.def_uid;
    if (ctl && ctl->uid == o.def_uid && ctl->gid == 0) gid = o.def_gid;
    else if (ctl && ctl->uid != 0) gid = ctl->gid;
    else if (m.gid >= 0) gid = m.gid;
    else gid = o.def_gid;
  }
  d.uid = uid == 0 ? o.def_uid : uid;
  d.gid = gid == 0 ? o.def_gid : gid;
}

}  // namespace

OutputContext output_context(Envelope& env, const Mailer& m) {
  envelope::Runtime& rt = env.rt;
  OutputContext out;
  out.mailer = &m;
  out.resent = env.headers.resent();
  out.delete_bcc = env.delete_bcc;
  out.expand = [&rt](std::string_view s) { return rt.expand(s, limits::kMaxLine); };
  out.macro = [&rt](int id) { return rt.macros().macro_value(id); };
  out.header_address = [&rt, &m](std::string_view a, bool sender) {
    return remote_name(rt.ctx(), a, m, rf::kHeader | rf::kAddDomain | (sender ? rf::kSender : 0)).text;
  };
  return out;
}

GroupResult deliver_group(Envelope& env, QueueAddress& first, const std::vector<QueueAddress*>& queue,
                          const QueueRunOptions& opts, Reporter& rep) {
  GroupResult result;
  const Mailer& m = *first.mailer;
  envelope::Runtime& rt = env.rt;
  AddressContext& ctx = rt.ctx();
  RemoteName rpath = remote_name(ctx, env.list.sender().paddr, m, rf::kSender | rf::kCanonical);
  rt.macros().define('g', rpath.text);
  rt.macros().define('h', m.has_flag('s') ? strip_quotes(first.host) : first.host);

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

  std::vector<QueueAddress*>& chain = result.chain;
  for (QueueAddress* to : queue) {
    if (!chain.empty() && !m.has_flag('m')) break;
    if (to->state != QState::Ok || to->mailer != first.mailer || to->host != first.host) continue;
    if (static_cast<int>(chain.size()) >= m.max_rcpt) break;
    std::string user = to->user;
    if (m.has_flag('s')) user = strip_quotes(user);
    if (m.has_flag('B')) user = strip_backslashes(user);
    if (m.name == "prog" && !user.empty() && user[0] == '|') user.erase(0, 1);
    rt.macros().define('u', user);
    const QueueAddress* ctl = to;
    while (ctl && !(ctl->flags & qflag::kGoodUid)) ctl = ctl->alias;
    std::optional<std::string> home = to->home ? to->home : (ctl ? ctl->home : std::nullopt);
    rt.macros().define('z', home);
    if (u_arg < m.argv.size()) argv.push_back(rt.expand(m.argv[u_arg], limits::kMaxLine));
    chain.push_back(to);
  }
  if (chain.empty()) return result;
  for (std::size_t i = u_arg + 1; i < m.argv.size(); ++i) argv.push_back(rt.expand(m.argv[i], limits::kMaxLine));

  OutputContext out = output_context(env, m);
  std::string message = unix_from_line(rt, m) + put_headers(env.headers.headers(), out) + put_body(env.body, m);

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
  result.code = code;
  result.line = status_line(code, smtp_error);
  result.output = std::move(r.output);
  if (opts.verbose)
    for (QueueAddress* to : chain) rep.message("deliver-status", fmt::format("{}... {}", to->paddr, result.line));
  return result;
}

// deliver() for the *file* mailer: one recipient, mailfile().
GroupResult deliver_file(Envelope& env, QueueAddress& to, const QueueRunOptions& opts, Reporter& rep) {
  GroupResult result;
  const Mailer& m = *to.mailer;
  envelope::Runtime& rt = env.rt;
  AddressContext& ctx = rt.ctx();
  const Config& cf = rt.config();
  RemoteName rpath = remote_name(ctx, env.list.sender().paddr, m, rf::kSender | rf::kCanonical);
  rt.macros().define('g', rpath.text);
  rt.macros().define('h', to.host);
  rt.macros().define('u', to.user);

  OutputContext out = output_context(env, m);
  FileDelivery d;
  d.path = to.user;
  d.real_path = rt.sys().real_path(to.user);
  d.content = unix_from_line(rt, m) + put_headers(env.headers.headers(), out) + put_body(env.body, m) + put_text("", m);
  d.safe_file_environment = option_value(cf.options, "SafeFileEnvironment");
  if (auto fm = option_value(cf.options, "FileMode")) {
    std::size_t used = 0;
    long v = parse_long(*fm, &used, 8);
    if (used > 0) d.file_mode = static_cast<unsigned>(v) & 07777;
  }
  if (auto ss = option_value(cf.options, "SuperSafe"); ss && !ss->empty() && (ss->front() == 'f' || ss->front() == 'F'))
    d.fsync = false;
  d.allow_symlink = rt.options().blame("filedeliverytosymlink");
  d.allow_hardlink = rt.options().blame("filedeliverytohardlink");
  d.timeout_seconds = opts.mailer_timeout > 0 ? opts.mailer_timeout : limits::kMailerTimeout;
  file_user(d, m, to, rt.options());
  FileResult r = deliver_to_file(d);
  result.chain.push_back(&to);
  result.code = r.exit_status;
  result.line = status_line(r.exit_status, "");
  // (The child's own message does not reach the transcript: sendmail's
  // file-writing child never flushes it there.)
  if (!r.message.empty() && opts.verbose) rep.message("deliver-file", r.message);
  if (opts.verbose) rep.message("deliver-status", fmt::format("{}... {}", to.paddr, result.line));
  return result;
}

// markfailure() and the successful-delivery bookkeeping of deliver() for
// the recipients of one mailer run; the transcript gets what the mailer
// wrote and the status, as sendmail's xf file does.
void record_outcome(const GroupResult& g, long now, std::string& transcript, std::string& e_message,
                    int& exit_stat, QueueRunStats& stats) {
  if (!g.parts.empty()) {
    for (const GroupResult& part : g.parts) record_outcome(part, now, transcript, e_message, exit_stat, stats);
    return;
  }
  // The mailer's output, within limits::kTranscript; the status lines
  // below are always kept.
  std::string_view output = g.output;
  if (transcript.size() + output.size() > limits::kTranscript)
    output = output.substr(0, limits::kTranscript - std::min(limits::kTranscript, transcript.size()));
  transcript += output;
  if (!output.empty() && output.back() != '\n') transcript += '\n';
  std::string to;
  for (const QueueAddress* q : g.chain) to += (to.empty() ? "" : ",") + q->paddr;
  const Outcome outcome = outcome_of(g.code);
  if (outcome != Outcome::Sent) {
    transcript += transcript_line(g.code, g.line, to) + "\n";
    // e_message: a deferral does not replace an earlier failure's text.
    if (g.code != exitstat::kTempFail || e_message.empty()) e_message = message_text(g.line);
    int recorded = recorded_status(g.code);
    if (recorded != exitstat::kTempFail && (exit_stat == exitstat::kOk || exit_stat == exitstat::kTempFail))
      exit_stat = recorded;
  }
  for (QueueAddress* q : g.chain) {
    q->statdate = now;
    if (outcome == Outcome::Sent) {
      q->state = QState::Sent;
      ++stats.delivered;
      if (q->mailer->has_flag('l') && (q->flags & qflag::kPingOnSuccess)) {
        q->flags |= qflag::kDelivered;
        q->status = "2.1.5";
        transcript += q->paddr + "... Successfully delivered\n";
      } else if ((q->flags & qflag::kPingOnSuccess) && (q->flags & qflag::kPrimary) && !g.remote_dsn) {
        q->flags |= qflag::kRelayed;
        transcript += q->paddr + "... relayed; expect no further notifications\n";
      }
      continue;
    }
    q->state = outcome == Outcome::Deferred ? QState::QueueUp : QState::BadAddr;
    ++(outcome == Outcome::Deferred ? stats.deferred : stats.failed);
    if (auto dsn = failure_dsn(g.code)) {
      q->status = *dsn;
      q->rstatus.reset();
    }
    if (g.status) q->status = g.status;
    if (g.rstatus) q->rstatus = g.rstatus;
    if (g.statmta) q->statmta = g.statmta;
    if (!q->rstatus && q->mailer->diag_type_set && equals_nocase(q->mailer->diag_type, "X-Unix"))
      q->rstatus = std::to_string(g.code);
  }
}

}  // namespace smcf::deliver
