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
#include "deliver/file_mailer.hpp"
#include "deliver/mailer_output.hpp"
#include "deliver/mailer_run.hpp"
#include "deliver/mailer_status.hpp"
#include "deliver/smtp_mailer.hpp"
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
  std::string invoker;  // username(): the same for every entry of the run
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
  long queue_return = 0;  // Timeout.queuereturn, seconds
  bool failure_return = false;
  bool delay_return = false;
  bool success_return = false;
  bool clear_queue = false;
};
DropState drop_envelope(const std::vector<QueueAddress*>& queue, const queue::QueueFile& qf, const Config& cf,
                        long now, bool null_sender, std::string& transcript, std::string& message) {
  DropState d;
  d.queue_return = queue_timeout(cf, "queuereturn", 5 * 86400);
  const long queue_return = d.queue_return;
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

// One queue entry: lock, read, deliver, tell the sender, commit.
void run_entry(const std::string& id, RunContext& run, EntryMode mode) {
  const QueueRunOptions& opts = run.opts;
  Reporter& rep = run.rep;
  queue::QueueDir& dir = run.dir;
  QueueRunStats& stats = run.stats;
  // -qI: an id that does not match is not even opened (gatherq()).
  if (!mode.made_now && !contains(id, opts.ids)) return;
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
    if (!contains(qf.sender, opts.senders)) return;
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
  rt.macros().define('d', startup::ctime_date(now_s));  // the UnixFromLine date
  SenderEnv senv;
  senv.sys = &run.sys;
  senv.real_name = run.invoker;
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
    // Not delivered here (yet): LMTP (F=z) over [IPC].
    const bool ipc = m.path == "[IPC]" || m.path == "[TCP]";
    if (ipc && m.has_flag('z')) continue;
    // F=% (dsmtp): held for a run limited by -qI, -qR or -qS (or ETRN).
    if (m.has_flag('%') && opts.ids.empty() && opts.recipients.empty() && opts.senders.empty()) continue;
    GroupResult group = ipc                    ? deliver_smtp(env, *q, queue, opts, rep)
                        : m.path == "[FILE]" ? deliver_file(env, *q, opts, rep)
                                             : deliver_group(env, *q, queue, opts, rep);
    if (group.chain.empty()) continue;
    attempted = true;
    record_outcome(group, static_cast<long>(run.effects.now()), transcript, message, exit_stat, stats);
  }
  run.effects.failpoint("deliver.before-commit");
  if (!mode.made_now) stats.exit_status = exit_stat;

  // dropenvelope(): a timed-out message fails; a failure (or the first
  // delay warning) is reported before the message is updated.
  const long now = static_cast<long>(run.effects.now());
  const bool from_null = null_sender(envst.from_printable);
  DropState drop = drop_envelope(queue, qf, rt.config(), now, from_null, transcript, message);
  SaveMailResult saved;
  // A return receipt when everything asked for one and nothing failed.
  const bool receipt = drop.success_return && !drop.failure_return && !drop.delay_return && !from_null &&
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
    f.queue_return = drop.queue_return;
    f.receipt = !drop.failure_return && !drop.delay_return;
    if (f.receipt) f.no_body_return = true;  // RTSF_NO_BODY
    // The returned message, as putheader()/putbody() write it for *file*.
    rt.macros().define('g', envst.sender);
    OutputContext out = output_context(env, *rt.file_mailer());
    f.returned_headers = put_headers(headers.headers(), out);
    f.returned_body = put_body(*body, *out.mailer);
    BounceContext bctx{run.cc, &run.sys, &run.effects, &rep, &dir, &run.ids, run.invoker};
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
      if (!opts.at_submission || mode.made_now)
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
  // runqueue(): a run limited to some ids, recipients or senders ignores
  // MinQueueAge and MaxQueueAge.
  if (!opts.ids.empty() || !opts.recipients.empty() || !opts.senders.empty())
    order.min_queue_age = order.max_queue_age = 0;
  QueueRunOptions run_opts = opts;
  run_opts.min_queue_age = order.min_queue_age;
  RunContext run{cc, sys, effects, rep, run_opts, stats, dir, ids, invoking_user_name(sys, rep)};
  for (const std::string& id : queue::run_order(order, effects)) {
    ++stats.entries;
    run_entry(id, run, EntryMode{});
  }
  return stats;
}

}  // namespace smcf::deliver
