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
#include "deliver/bounce.hpp"
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
struct GroupResult {
  std::vector<QueueAddress*> chain;  // the recipients the mailer was run for
  int code = 0;                      // its exit status (EX_TEMPFAIL when it could not run or did not end)
  std::string line;                  // giveresponse()'s status line
  std::string output;                // what it wrote (the transcript gets it)
};

GroupResult deliver_group(Envelope& env, QueueAddress& first, const std::vector<QueueAddress*>& queue,
                          const QueueRunOptions& opts, Reporter& rep) {
  GroupResult result;
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

  std::vector<QueueAddress*>& chain = result.chain;
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
  if (chain.empty()) return result;
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
  result.code = code;
  result.line = status_line(code, smtp_error);
  result.output = std::move(r.output);
  if (opts.verbose)
    for (QueueAddress* to : chain) rep.message("deliver-status", fmt::format("{}... {}", to->paddr, result.line));
  return result;
}

// markfailure() and the successful-delivery bookkeeping of deliver() for
// the recipients of one mailer run; the transcript gets what the mailer
// wrote and the status, as sendmail's xf file does.
void record_outcome(const GroupResult& g, long now, std::string& transcript, std::string& e_message,
                    int& exit_stat, QueueRunStats& stats) {
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
      } else if ((q->flags & qflag::kPingOnSuccess) && (q->flags & qflag::kPrimary)) {
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
    if (!q->rstatus && q->mailer->diag_type_set && equals_nocase(q->mailer->diag_type, "X-Unix"))
      q->rstatus = std::to_string(g.code);
  }
}

// What one queue run shares between its entries.
struct RunContext {
  std::shared_ptr<const CompiledConfig> cc;
  const System& sys;
  const Effects& effects;
  Reporter& rep;
  const QueueRunOptions& opts;
  QueueRunStats& stats;
  queue::QueueDir& dir;
  queue::QueueIdSource& ids;
};

// How an entry is run: one found in the queue, or a notification this
// run has just queued (delivered at once, whatever its age or the -q
// filters; `for_response`: it reports on a notification).
struct EntryMode {
  bool made_now = false;
  bool for_response = false;
};

// Timeout.queuereturn / Timeout.queuewarn for normal precedence, seconds.
long queue_timeout(const Config& cf, const char* name, long fallback) {
  auto it = cf.options.timeouts.find(std::string(name) + ".normal");
  return it == cf.options.timeouts.end() ? fallback : it->second;
}

// The message's own 4.4.7 and delay-warning steps of dropenvelope():
// returns true when a failure or delay notification is due.
struct DropState {
  bool failure_return = false;
  bool delay_return = false;
  bool success_return = false;
  bool clear_queue = false;
};
DropState drop_envelope(const std::vector<QueueAddress*>& queue, const queue::QueueFile& qf, const Config& cf,
                        long now, bool null_sender, std::string& transcript, std::string& message) {
  DropState d;
  const long queue_return = queue_timeout(cf, "queuereturn", 5 * 86400);
  const long queue_warn = queue_timeout(cf, "queuewarn", 0);
  const bool timed_out = now >= qf.created + queue_return;
  bool queueit = false;
  for (const QueueAddress* q : queue) {
    if (envelope::is_undelivered(q->state)) queueit = true;
    if ((q->flags & qflag::kPingOnFailure) &&
        ((timed_out && envelope::is_undelivered(q->state)) || q->state == QState::BadAddr))
      d.failure_return = true;
    else if ((q->flags & qflag::kPingOnSuccess) &&
             ((q->state == QState::Sent && q->mailer && q->mailer->has_flag('l')) ||
              (q->flags & (qflag::kRelayed | qflag::kExpanded | qflag::kDelivered))))
      d.success_return = true;
  }
  if (!queueit) return d;
  if (timed_out) {
    const std::string span = interval_text(queue_return);
    if (d.failure_return) {
      message = "Cannot send message for " + span;
      d.clear_queue = true;
    }
    transcript += "Message could not be delivered for " + span + "\nMessage will be deleted from queue\n";
    for (QueueAddress* q : queue)
      if (envelope::is_undelivered(q->state)) {
        q->state = QState::BadAddr;
        q->status = "4.4.7";
      }
    return d;
  }
  if (queue_warn <= 0 || now < qf.created + queue_warn) return d;
  const std::string& s = qf.sender;
  const bool bulk_sender = null_sender || (s.size() >= 6 && equals_nocase(std::string_view(s).substr(0, 6), "owner-")) ||
                           (s.size() > 8 && equals_nocase(std::string_view(s).substr(s.size() - 8), "-request"));
  if (!qf.has_flag('w') && !qf.has_flag('r') && !qf.has_flag('n') && !bulk_sender)
    for (QueueAddress* q : queue)
      if (envelope::is_undelivered(q->state) && (q->flags & qflag::kPingOnDelay)) {
        q->flags |= qflag::kDelayed;
        d.delay_return = true;
      }
  if (d.delay_return) message = "Warning: could not send message for past " + interval_text(queue_warn);
  transcript += "Warning: message still undelivered after " + interval_text(queue_warn) + "\n";
  transcript += "Will keep trying until message is " + interval_text(queue_return) + " old\n";
  return d;
}

void run_entry(const std::string& id, RunContext& run, EntryMode mode);

// One queue entry: lock, read, deliver, tell the sender, commit.
void run_entry(const std::string& id, RunContext& run, EntryMode mode) {
  const QueueRunOptions& opts = run.opts;
  Reporter& rep = run.rep;
  queue::QueueDir& dir = run.dir;
  QueueRunStats& stats = run.stats;
  std::optional<queue::QueueLock> lock = dir.try_lock(id);
  if (!lock) {
    ++stats.locked;
    return;
  }
  int err = 0;
  auto bytes = run.sys.read_file(dir.file_path('q', id), &err);
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
  const long now_s = static_cast<long>(run.effects.now());
  if (!mode.made_now) {
    // readqf(): an entry tried less than MinQueueAge ago waits.
    if (qf.tries > 0 && qf.last_attempt <= now_s && now_s < qf.last_attempt + opts.min_queue_age) return;
    if (!contains(id, opts.ids) || !contains(qf.sender, opts.senders)) return;
    if (!opts.recipients.empty() &&
        std::none_of(qf.recipients.begin(), qf.recipients.end(),
                     [&](const queue::QueueRecipient& r) { return contains(r.address, opts.recipients); }))
      return;
  }
  auto body = run.sys.read_file(dir.file_path('d', id), &err);
  if (!body) {
    rep.syserr("queue-no-df", fmt::format("readqf: cannot open ./df{}", id), err);
    return;
  }

  envelope::Runtime rt(run.cc, run.sys, rep);
  rt.define_long("opMode", "q");
  rt.macros().define('i', id);
  MacroNames& names = rt.engine().names().macros;
  for (const auto& [name, value] : qf.macros) {
    std::string_view n = name;
    if (n.size() > 2 && n.front() == '{') n = n.substr(1, n.size() - 2);
    int mid = macro_id_of(n, names, nullptr);
    if (mid > 0) rt.macros().define(mid, value);
  }
  rt.macros().define('b', startup::arpa_date(now_s));
  SenderEnv senv;
  senv.sys = &run.sys;
  senv.real_name = invoking_user_name(run.sys, rep);
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
    QueueAddress* q = list.queued_recipient(r.address, qf_flag_bits(r.flags), ctladdr);
    if (q) {
      q->final_rcpt = r.final_rcpt;
      q->orcpt = r.orcpt;
    }
  }
  rep.set_current_address(std::nullopt);

  Envelope env{rt, list, headers, qf, *body, qf.has_flag('b')};
  std::vector<QueueAddress*> queue = list.queue().ordered();
  bool attempted = false;     // any mailer ran: the qf records the attempt
  std::string message;       // e_message: the status text of the envelope
  std::string transcript;    // the xf file
  int exit_stat = exitstat::kOk;
  for (QueueAddress* q : queue) {
    if (q->state != QState::Ok || !q->mailer) continue;
    const Mailer& m = *q->mailer;
    // Not delivered here (yet): SMTP/LMTP ([IPC]) and *file* ([FILE]).
    if (m.path == "[IPC]" || m.path == "[TCP]" || m.path == "[FILE]") continue;
    GroupResult group = deliver_group(env, *q, queue, opts, rep);
    if (group.chain.empty()) continue;
    attempted = true;
    record_outcome(group, static_cast<long>(run.effects.now()), transcript, message, exit_stat, stats);
  }
  run.effects.failpoint("deliver.before-commit");

  // dropenvelope(): a timed-out message fails; a failure (or the first
  // delay warning) is reported before the message is updated.
  const long now = static_cast<long>(run.effects.now());
  const bool null_sender = envst.from_printable.empty() || envst.from_printable == "<>";
  DropState drop = drop_envelope(queue, qf, rt.config(), now, null_sender, transcript, message);
  SaveMailResult saved;
  // A return receipt when everything asked for one and nothing failed.
  const bool receipt = drop.success_return && !drop.failure_return && !drop.delay_return && !null_sender &&
                       !privacy_option(rt.config().options, "noreceipts");
  if (drop.failure_return || drop.delay_return || receipt) {
    FailedMessage f;
    f.id = id;
    f.created = qf.created;
    const std::string* from_host = rt.macros().macro_value('_');
    f.received_from = from_host ? *from_host : std::string();
    f.sender = envst.from_printable;
    f.response = qf.has_flag('r');
    f.parent_response = mode.for_response;
    f.has_8bit = qf.has_flag('8');
    f.no_body_return = qf.has_flag('n');
    f.envid = qf.envid;
    f.transfer_encoding = headers.value("content-transfer-encoding");
    f.exit_stat = exit_stat;
    f.message = message;
    f.send_queue.assign(queue.begin(), queue.end());
    f.transcript = transcript;
    f.queue_return = queue_timeout(rt.config(), "queuereturn", 5 * 86400);
    f.receipt = !drop.failure_return && !drop.delay_return;
    if (f.receipt) f.no_body_return = true;  // RTSF_NO_BODY
    // The returned message, as putheader()/putbody() write it for *file*.
    rt.macros().define('g', envst.sender);
    OutputContext out;
    out.mailer = rt.file_mailer();
    out.resent = headers.resent();
    out.delete_bcc = env.delete_bcc;
    out.expand = [&](std::string_view s) { return rt.expand(s, limits::kMaxLine); };
    out.macro = [&](int mid) { return rt.macros().macro_value(mid); };
    out.header_address = [&](std::string_view a, bool sender) {
      return remote_name(rt.ctx(), a, *out.mailer, rf::kHeader | rf::kAddDomain | (sender ? rf::kSender : 0)).text;
    };
    f.returned_headers = put_headers(headers.headers(), out);
    f.returned_body = put_body(*body, *out.mailer);
    BounceContext bctx{run.cc, &run.sys, &run.effects, &rep, &dir, &run.ids};
    saved = save_mail(f, bctx);
    if (saved.queued) {
      ++stats.bounces;
      run.effects.failpoint("deliver.bounce-queued");
    }
  }

  // The outcome, committed: what is left undelivered (and the failed
  // recipients, when no notification could be queued for them).
  queue::QueueFile next = qf;
  const std::string* j = rt.macros().macro_value('j');
  next.recipients = submit::queue_records(queue, from.mailer, j ? *j : std::string(), !saved.handled);
  queue::QueueError qerr;
  if (next.recipients.empty() || (drop.clear_queue && saved.handled)) {
    if (!dir.remove(id, &qerr)) rep.syserr("queue-remove", fmt::format("cannot remove {}", qerr.path), qerr.err);
    ++stats.finished;
  } else if (attempted || drop.delay_return || drop.failure_return) {
    // queueup() after a queue run: the attempt, the priority aged by
    // RetryFactor (readqf() adds it), the df's inode, the last status text.
    if (attempted) {
      next.tries = qf.tries + 1;
      next.last_attempt = now;
      next.priority = qf.priority + priority_factors(rt.config().options).retry;
    }
    if (drop.delay_return && saved.handled && !next.has_flag('w')) next.flags.insert(next.flags.begin(), 'w');
    struct stat st {};
    if (::stat(dir.file_path('d', id).c_str(), &st) == 0)
      next.df_inode = fmt::format("{}/{}/{}", major(st.st_dev), minor(st.st_dev),
                                  static_cast<unsigned long long>(st.st_ino));
    if (!message.empty()) next.message = message;
    if (!dir.rewrite(id, next, *lock, &qerr))
      rep.syserr("queue-rewrite", fmt::format("cannot rewrite {}", qerr.path), qerr.err);
    ++stats.requeued;
  }
  lock.reset();
  // The notification, delivered now as sendall(SM_DELIVER) does.
  if (saved.queued) run_entry(*saved.queued, run, EntryMode{true, qf.has_flag('r')});
}

}  // namespace

QueueRunStats run_queue(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                        Reporter& rep, const std::string& queue_path, const QueueRunOptions& opts) {
  QueueRunStats stats;
  queue::QueueDir dir(queue_path, effects);
  queue::QueueIdSource ids(effects);
  queue::ListingOptions order = queue::listing_options(cc->ir(), effects);
  order.path = queue_path;
  QueueRunOptions run_opts = opts;
  run_opts.min_queue_age = order.min_queue_age;
  RunContext run{cc, sys, effects, rep, run_opts, stats, dir, ids};
  for (const std::string& id : queue::run_order(order, effects)) {
    ++stats.entries;
    run_entry(id, run, EntryMode{});
  }
  return stats;
}

}  // namespace smcf::deliver
