// bounce.cpp -- savemail(), returntosender() and errbody() (see bounce.hpp).
#include "deliver/bounce.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <ctime>

#include "address/crackaddr.hpp"
#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/xtext.hpp"
#include "deliver/mailer_output.hpp"
#include "deliver/mailer_status.hpp"
#include "engine/compiled.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "host/effects.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "ir/options.hpp"
#include "names/macro_id.hpp"
#include "queue/queue_dir.hpp"
#include "queue/queue_id.hpp"
#include "read/defaults.hpp"
#include "submit/header_list.hpp"
#include "submit/queue_records.hpp"
#include "submit/submission.hpp"

namespace smcf::deliver {
namespace {

using envelope::QState;
using envelope::QueueAddress;
namespace qflag = envelope::qflag;

constexpr std::size_t kMaxShortStr = 203;  // MAXSHORTSTR
constexpr long kErrorFudge = 1024;          // ERRORFUDGE: nominal size of the notification text

// What kind of notification returntosender() writes (its RTSF_ flags).
struct ReturnKind {
  bool postmaster = false;  // RTSF_PM_BOUNCE
  bool send_body = false;   // RTSF_SEND_BODY
};

// The text an errbody() line is written with: the *file* mailer's
// putxline() (its F=E maps a leading "From ").
struct BodyWriter {
  const Mailer& file;
  std::string out;
  void line(std::string_view text) { out += put_text(text, file); }
  void raw(std::string_view text) { out += text; }
};

// errbody()'s DSN block for one address, or nothing.
void dsn_block(BodyWriter& w, const QueueAddress& q, const FailedMessage& f, const Config& cf,
               const std::string& my_host, long now) {
  const char* action = nullptr;
  if (q.state == QState::BadAddr) {
    if ((q.flags & qflag::kHasNotify) && !(q.flags & qflag::kPingOnFailure)) return;
    action = "failed";
  } else if (!(q.flags & qflag::kPrimary)) {
    return;
  } else if (q.flags & qflag::kDelivered) {
    action = (q.flags & qflag::kExpanded) ? "delivered (to mailing list)" : "delivered (to mailbox)";
  } else if (q.flags & qflag::kRelayed) {
    action = "relayed (to non-DSN-aware mailer)";
  } else if (q.flags & qflag::kExpanded) {
    action = "expanded (to multi-recipient alias)";
  } else if (q.flags & qflag::kDelayed) {
    action = "delayed";
  } else {
    return;
  }
  w.line("");
  if (q.orcpt) {
    std::size_t semi = q.orcpt->find(';');
    if (semi != std::string::npos)
      w.line(fmt::format("Original-Recipient: {};{}", q.orcpt->substr(0, std::min<std::size_t>(semi, 100)),
                         xuntextify(q.orcpt->substr(semi + 1)).substr(0, 700)));
  }
  std::string actual;
  if (!q.user.empty()) {
    std::string type = q.mailer && q.mailer->addr_type_set ? q.mailer->addr_type : "rfc822";
    std::string shown = equals_nocase(type, "rfc822") ? "rfc822" : type;  // dsntypename()
    if (equals_nocase(type, "rfc822") && q.user.find('@') == std::string::npos)
      actual = fmt::format("{}; {}@{}", shown, q.user.substr(0, 700), my_host.substr(0, 100));
    else
      actual = fmt::format("{}; {}", shown, q.user.substr(0, 800));
  }
  std::optional<std::string> final_rcpt = q.final_rcpt;
  if (!final_rcpt && !actual.empty()) final_rcpt = actual;
  if (final_rcpt) w.line("Final-Recipient: " + *final_rcpt);
  if (!actual.empty() && final_rcpt && !privacy_option(cf.options, "noactualrecipient") && actual != *final_rcpt)
    w.line("X-Actual-Recipient: " + actual);
  w.line(std::string("Action: ") + action);
  std::string status = q.status ? *q.status
                       : q.state == QState::BadAddr ? "5.0.0"
                       : q.state == QState::QueueUp ? "4.0.0"
                                                    : "2.0.0";
  w.line("Status: " + status);
  if (q.statmta) {
    std::string mta = q.mailer && q.mailer->mta_type_set ? q.mailer->mta_type : "dns";
    std::string line = fmt::format("Remote-MTA: {}; {}", mta, q.statmta->substr(0, 800));
    if (line.back() == '.') line.pop_back();
    w.line(line);
  }
  if (q.rstatus) {
    std::string diag = q.mailer && q.mailer->diag_type_set ? q.mailer->diag_type : "smtp";
    w.line(fmt::format("Diagnostic-Code: {}; {}", diag, q.rstatus->substr(0, 800)));
  }
  w.line("Last-Attempt-Date: " + startup::arpa_date(q.statdate != 0 ? q.statdate : now));
  if (q.state == QState::QueueUp) w.line("Will-Retry-Until: " + startup::arpa_date(f.created + f.queue_return));
}

// errbody(): the notification's body.
std::string error_body(const FailedMessage& f, const std::string& boundary, bool pm_notify, bool send_body,
                       envelope::Runtime& rt, const std::string& my_host, long now) {
  const Config& cf = rt.config();
  BodyWriter w{*rt.file_mailer(), {}};
  if (!boundary.empty()) {
    w.line("This is a MIME-encapsulated message");
    w.line("");
    w.line("--" + boundary);
    w.line("");
  }
  bool any_failed = false;
  for (const QueueAddress* q : f.send_queue) any_failed = any_failed || q->state == QState::BadAddr;
  if (!pm_notify && !any_failed && !f.receipt) {
    w.line("    **********************************************");
    w.line("    **      THIS IS A WARNING MESSAGE ONLY      **");
    w.line("    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **");
    w.line("    **********************************************");
    w.line("");
  }
  w.line("The original message was received at " + startup::arpa_date(f.created));
  w.line("from " + f.received_from);
  if (pm_notify) w.line("with id " + f.id);
  w.line("");

  // ErrorHeader: a text (or a file of lines) put before the report.
  if (auto eh = option_value(cf.options, "ErrorHeader"); eh && !eh->empty() && !f.receipt) {
    if ((*eh)[0] == '/') {
      int err = 0;
      if (auto text = rt.sys().read_file(*eh, &err)) {
        std::string_view t = *text;
        while (!t.empty()) {
          std::size_t nl = t.find('\n');
          std::string_view l = t.substr(0, nl);
          w.line(rt.expand(std::string(l), 2048));
          if (nl == std::string_view::npos) break;
          t.remove_prefix(nl + 1);
        }
        w.line("");
      }
    } else {
      w.line(rt.expand(*eh, 2048));
      w.line("");
    }
  }

  bool header = true;
  for (const QueueAddress* q : f.send_queue) {
    if (q->state != QState::BadAddr || !(q->flags & qflag::kPingOnFailure)) continue;
    if (header) w.line("   ----- The following addresses had permanent fatal errors -----");
    header = false;
    w.line(shorten(q->paddr, kMaxShortStr));
    if (q->rstatus) w.line("    (reason: " + shorten(exit_status_text(*q->rstatus), kMaxShortStr) + ")");
    if (q->alias) w.line("    (expanded from: " + shorten(q->alias->paddr, kMaxShortStr) + ")");
  }
  if (!header) w.line("");
  // (The transient section lists Deliver-By delays only; smcf has none.)
  header = true;
  for (const QueueAddress* q : f.send_queue) {
    if (q->state == QState::BadAddr || !(q->flags & qflag::kPrimary) || (q->flags & qflag::kDelayed) ||
        !(q->flags & qflag::kPingOnSuccess))
      continue;
    const char* what = nullptr;
    if (q->flags & qflag::kRelayed) what = "relayed to non-DSN-aware mailer";
    else if (q->flags & qflag::kDelivered)
      what = (q->flags & qflag::kExpanded) ? "successfully delivered to mailing list"
                                           : "successfully delivered to mailbox";
    else if (q->flags & qflag::kExpanded) what = "expanded by alias";
    if (!what) continue;
    if (header) w.line("   ----- The following addresses had successful delivery notifications -----");
    header = false;
    w.line(fmt::format("{}  ({})", shorten(q->paddr, kMaxShortStr), what));
    if (q->alias) w.line("    (expanded from: " + shorten(q->alias->paddr, kMaxShortStr) + ")");
  }
  if (!header) w.line("");

  if (!f.transcript.empty()) {
    w.line("   ----- Transcript of session follows -----");
    std::string_view t = f.transcript;
    while (!t.empty()) {
      std::size_t nl = t.find('\n');
      w.line(t.substr(0, nl));
      if (nl == std::string_view::npos) break;
      t.remove_prefix(nl + 1);
    }
  }

  if (!boundary.empty()) {
    w.line("");
    w.line("--" + boundary);
    w.line("Content-Type: message/delivery-status");
    w.line("");
    if (f.envid) w.line("Original-Envelope-Id: " + xuntextify(*f.envid).substr(0, 800));
    w.line("Reporting-MTA: dns; " + my_host.substr(0, 800));
    w.line("Arrival-Date: " + startup::arpa_date(f.created));
    for (const QueueAddress* q : f.send_queue) dsn_block(w, *q, f, cf, my_host, now);
  }

  w.line("");
  if (boundary.empty()) {
    w.line(send_body ? "   ----- Original message follows -----" : "   ----- Message header follows -----");
  } else {
    w.line("--" + boundary);
    w.line(send_body ? "Content-Type: message/rfc822" : "Content-Type: text/rfc822-headers");
    std::optional<std::string> cte;
    if (f.transfer_encoding && equals_nocase(*f.transfer_encoding, "binary")) cte = f.transfer_encoding;
    if (!cte && f.has_8bit) cte = "8bit";
    if (cte) w.line("Content-Transfer-Encoding: " + *cte);
  }
  w.line("");
  w.raw(f.returned_headers);
  if (send_body) {
    w.raw(f.returned_body);
  } else if (boundary.empty()) {
    w.line("");
    w.line("   ----- Message body suppressed -----");
  }
  if (!boundary.empty()) {
    w.line("");
    w.line("--" + boundary + "--");
  }
  w.line("");
  return std::move(w.out);
}

// returntosender(): queue a notification to `to`.  Returns the new queue
// id, or nullopt when none could be queued.
std::optional<std::string> return_to_sender(const FailedMessage& f, const std::vector<std::string>& to,
                                            ReturnKind kind, const std::string& msg, const BounceContext& ctx) {
  envelope::Runtime rt(ctx.cc, *ctx.sys, *ctx.rep);
  const Config& cf = rt.config();
  const std::time_t now = ctx.effects->now();
  // A queue id can be taken already (pinned ids, or another process's).
  std::string id = ctx.ids->next();
  for (int tries = 0; tries < 64 && (ctx.dir->exists('d', id) || ctx.dir->exists('q', id)); ++tries)
    id = ctx.ids->next();
  rt.define_long("opMode", "q");
  submit::set_time_macros(rt, now);
  rt.macros().define('i', id);
  rt.macros().define('r', std::string());
  rt.macros().define('s', std::string("localhost"));
  rt.macros().define('_', std::string("localhost"));

  // The sender: $n, "Mail Delivery Subsystem".
  SenderEnv senv;
  senv.sys = ctx.sys;
  senv.real_name = ctx.invoker;
  EnvelopeState envst;
  const std::string daemon = rt.expand(std::string{static_cast<char>(0201), 'n'}, 2048);
  ParsedAddress from = set_sender(rt.ctx(), daemon, senv, envst);
  envelope::RecipientList list(rt);
  list.set_sender(from, envst.from_printable);
  rt.macros().define('f', daemon);
  rt.macros().define('g', envst.from_printable);
  rt.macros().define('x', std::string("Mail Delivery Subsystem"));

  for (const std::string& a : to) list.send_to_list(a, nullptr, 0);
  ctx.rep->set_current_address(std::nullopt);
  std::vector<QueueAddress*> queued = list.queue().ordered();
  submit::HeaderList headers(cf);
  int nrcpts = 0;
  for (QueueAddress* q : queued) {
    if (q->state == QState::BadAddr) continue;
    q->flags &= ~(qflag::kHasNotify | qflag::kPingOnSuccess | qflag::kPingOnFailure | qflag::kPingOnDelay);
    q->flags |= qflag::kPingOnFailure;
    if (!envelope::is_dead(q->state)) ++nrcpts;
    if (!q->alias) headers.add_default_header("To", " " + q->paddr);
  }
  if (nrcpts == 0) return std::nullopt;

  const bool send_body = kind.send_body && !privacy_option(cf.options, "nobodyreturn");
  std::string boundary;
  const std::string my_host = [&] {
    const std::string* j = rt.macros().macro_value('j');
    return j ? *j : std::string();
  }();
  if (!equals_nocase(option_value(cf.options, "SendMimeErrors").value_or("true").substr(0, 1), "f")) {
    headers.add_default_header("MIME-Version", " 1.0");
    boundary = fmt::format("{}.{}/{}", id, static_cast<long>(now), my_host.substr(0, 100));
    headers.add_default_header("Content-Type",
                               " multipart/report; report-type=delivery-status;\n\tboundary=\"" + boundary + "\"");
    std::optional<std::string> cte;
    if (f.transfer_encoding && equals_nocase(*f.transfer_encoding, "binary")) cte = f.transfer_encoding;
    if (!cte && f.has_8bit) cte = "8bit";
    if (cte) headers.add_default_header("Content-Transfer-Encoding", " " + *cte);
  }
  std::string subject, auto_kind;
  if (msg.rfind("Warning:", 0) == 0) {
    subject = msg, auto_kind = "warning-timeout";
  } else if (msg.rfind("Postmaster warning:", 0) == 0) {
    subject = msg, auto_kind = "postmaster-warning";
  } else if (msg == "Return receipt") {
    subject = msg, auto_kind = "return-receipt";
  } else if (kind.postmaster) {
    subject = "Postmaster notify: see transcript for details", auto_kind = "postmaster-notification";
  } else {
    subject = "Returned mail: see transcript for details", auto_kind = "failure";
  }
  headers.add_default_header("Subject", " " + subject);
  headers.add_default_header("Auto-Submitted", " auto-generated (" + auto_kind + ")");

  // eatheader() of the notification: $u is unset (returntosender()).
  rt.macros().define('u', std::nullopt);
  auto expand = [&](std::string_view s) { return rt.expand(s, 2048); };
  CrackOptions crack_opts = crack_options(cf.options);
  headers.bind_defaults(expand, [&](std::string_view s) { return crackaddr(s, crack_opts); });

  const bool pm_notify = subject.rfind("Postmaster ", 0) == 0;
  std::string body = error_body(f, boundary, pm_notify, send_body, rt, my_host, static_cast<long>(now));

  queue::QueueFile qf;
  qf.created = static_cast<long>(now);
  const PriorityFactors factors = priority_factors(cf.options);
  const long size = send_body ? kErrorFudge + static_cast<long>(f.returned_body.size()) : 0;
  qf.priority = size + nrcpts * factors.recipient;
  qf.flags = send_body ? "r" : "rn";
  qf.macros = submit::persistent_macros(rt);
  qf.sender = envst.from_printable;
  qf.recipients = submit::queue_records(queued, from.mailer, my_host);
  rt.macros().define('g', std::string{static_cast<char>(0201), 'f'});
  for (auto& h : headers.queued(expand, rt.engine().names().macros, headers.resent()))
    qf.headers.push_back({std::move(h.condition), std::move(h.text)});

  queue::QueueError err;
  if (!ctx.dir->commit_new(id, body, qf, &err)) {
    ctx.rep->syserr("bounce-queue-write",
                    fmt::format("returntosender: cannot queue a notification for {} ({}: {})", f.id, err.path,
                                err.step),
                    err.err);
    return std::nullopt;
  }
  return id;
}

}  // namespace

bool null_sender(std::string_view paddr) { return paddr.empty() || paddr == "<>"; }

std::string interval_text(long seconds) {
  if (seconds == 0) return "zero seconds";
  long se = seconds % 60;
  seconds /= 60;
  long mi = seconds % 60;
  seconds /= 60;
  long hr = seconds % 24;
  seconds /= 24;
  long dy = seconds % 7;
  long wk = seconds / 7;
  std::string out;
  auto part = [&](long n, const char* unit) {
    if (n > 0) out += fmt::format(", {} {}{}", n, unit, n == 1 ? "" : "s");
  };
  part(wk, "week");
  part(dy, "day");
  part(hr, "hour");
  part(mi, "minute");
  part(se, "second");
  return out.substr(2);
}

SaveMailResult save_mail(const FailedMessage& f, const BounceContext& ctx) {
  SaveMailResult result;
  const Config& cf = ctx.cc->ir();
  if (f.receipt) {
    result.queued = return_to_sender(f, {f.sender}, {false, false}, "Return receipt", ctx);
    result.handled = result.queued.has_value();
    return result;
  }
  // A notification about a notification made in this run: dropped.
  if (f.response && f.parent_response) return result;
  const bool send_body = !f.no_body_return;
  if (!f.response) {
    // ESM_MAIL: the sender (after dropenvelope() put it first), and the
    // postmaster for a local software or configuration error.
    std::vector<std::string> to;
    if (!null_sender(f.sender)) to.push_back(f.sender);
    if (f.exit_stat == exitstat::kConfig || f.exit_stat == exitstat::kSoftware) to.push_back("postmaster");
    if (!to.empty()) {
      result.queued = return_to_sender(f, to, {false, send_body}, f.message, ctx);
      if (result.queued) return result;
    }
  }
  // ESM_POSTMASTER: DoubleBounceAddress; empty drops the notification.
  envelope::Runtime rt(ctx.cc, *ctx.sys, *ctx.rep);
  std::string pm = rt.expand(option_value(cf.options, "DoubleBounceAddress").value_or("postmaster"), 2048);
  if (pm.empty()) return result;
  result.queued = return_to_sender(f, {pm}, {true, send_body}, f.message, ctx);
  result.handled = result.queued.has_value();
  return result;
}

}  // namespace smcf::deliver
