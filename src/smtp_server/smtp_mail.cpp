// smtp_mail.cpp -- the mail transaction of the SMTP server: MAIL (the
// sender, its ESMTP parameters, check_mail), RCPT (the recipient, NOTIFY
// and ORCPT, check_rcpt, recipient()), DATA (check_data, the text, the
// queue entry committed before the 250).  See smtp_session.hpp.
#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "address/header_check.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"
#include "base/xtext.hpp"
#include "engine/compiled.hpp"
#include "host/effects.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "smtp_server/session_state.hpp"
#include "smtp_server/smtp_channel.hpp"
#include "submit/submission.hpp"

namespace smcf::smtp_server {
namespace {

namespace qflag = envelope::qflag;

std::string syntax_error(std::string_view arg) {
  return fmt::format("501 5.5.2 Syntax error in parameters scanning \"{}\"", shorten(arg, limits::kMaxShortStr));
}

// skipword() ends the word it scanned in place (blanks and the colon after
// it become NULs) before it complains, so its message shows the argument
// only up to the end of that first word: "MAIL FROM:" -> "FROM".
std::string skipword_error(std::string_view arg) {
  auto space = [](char c) { return (c & 0x80) == 0 && std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::size_t p = 0;
  while (p < arg.size() && space(arg[p])) ++p;
  while (p < arg.size() && arg[p] != ':' && !space(arg[p])) ++p;
  return syntax_error(arg.substr(0, p));
}

}  // namespace

bool Session::mail_param(const EsmtpParam& p) {
  const std::string& kp = p.keyword;
  const std::optional<std::string>& vp = p.value;
  if (equals_nocase(kp, "size")) {
    if (!vp) return rep_.usrerr("smtp-size-value", "501 5.5.2 SIZE requires a value"), false;
    tx_.rt->define_long("msg_size", *vp);
    errno = 0;
    long n = std::strtol(vp->c_str(), nullptr, 10);
    if (n == LONG_MAX && errno == ERANGE)
      return rep_.usrerr("smtp-size-range", "552 5.2.3 Message size exceeds maximum value"), false;
    if (n < 0) return rep_.usrerr("smtp-size-invalid", "552 5.2.3 Message size invalid"), false;
    tx_.msg_size = n;
  } else if (equals_nocase(kp, "body")) {
    if (!vp) return rep_.usrerr("smtp-body-value", "501 5.5.2 BODY requires a value"), false;
    if (!equals_nocase(*vp, "8bitmime") && !equals_nocase(*vp, "7bit"))
      return rep_.usrerr("smtp-body-type", fmt::format("501 5.5.4 Unknown BODY type {}", *vp)), false;
    tx_.body_type = *vp;
  } else if (equals_nocase(kp, "envid")) {
    if (!offer_dsn_)
      return rep_.usrerr("smtp-no-dsn", "504 5.7.0 Sorry, ENVID not supported, we do not allow DSN"), false;
    if (!vp) return rep_.usrerr("smtp-envid-value", "501 5.5.2 ENVID requires a value"), false;
    if (!xtext_ok(*vp)) return rep_.usrerr("smtp-envid-syntax", "501 5.5.4 Syntax error in ENVID parameter value"), false;
    if (tx_.envid) return rep_.usrerr("smtp-envid-dup", "501 5.5.0 Duplicate ENVID parameter"), false;
    tx_.envid = *vp;
    tx_.rt->define_long("dsn_envid", *vp);
  } else if (equals_nocase(kp, "ret")) {
    if (!offer_dsn_) return rep_.usrerr("smtp-no-dsn", "504 5.7.0 Sorry, RET not supported, we do not allow DSN"), false;
    if (!vp) return rep_.usrerr("smtp-ret-value", "501 5.5.2 RET requires a value"), false;
    if (tx_.ret_given) return rep_.usrerr("smtp-ret-dup", "501 5.5.0 Duplicate RET parameter"), false;
    tx_.ret_given = true;
    if (equals_nocase(*vp, "hdrs")) tx_.headers_only = true;
    else if (!equals_nocase(*vp, "full"))
      return rep_.usrerr("smtp-ret-bad", fmt::format("501 5.5.2 Bad argument \"{}\" to RET", *vp)), false;
    tx_.rt->define_long("dsn_ret", *vp);
  } else if (equals_nocase(kp, "auth")) {
    if (!vp) return rep_.usrerr("smtp-auth-value", "501 5.5.2 AUTH= requires a value"), false;
    if (!tx_.auth.empty()) return rep_.usrerr("smtp-auth-dup", "501 5.5.0 Duplicate AUTH parameter"), false;
    if (!xtext_ok(*vp)) return rep_.usrerr("smtp-auth-syntax", "501 5.5.4 Syntax error in AUTH parameter value"), false;
    tx_.rt->define_long("auth_author", *vp);
    // trust_auth decides (silently) whether the claimed author is believed;
    // one it refuses is recorded as "<>", as is "<>" itself.
    bool trusted = *vp == "<>";
    if (!trusted) {
      bool saved = tx_.rt->ctx().set_suppress(true);
      trusted = check("trust_auth", *vp, nullptr, rsf::kRmComm);
      tx_.rt->ctx().set_suppress(saved);
    }
    tx_.auth = trusted ? *vp : std::string("<>");
  } else if (equals_nocase(kp, "by") && deliver_by_min_ >= 0) {
    if (!vp) return rep_.usrerr("smtp-by-value", "501 5.5.2 BY= requires a value"), false;
    return deliver_by(*vp);
  } else if (equals_nocase(kp, "smtputf8")) {
    return rep_.usrerr("smtp-no-utf8", "504 5.7.0 Sorry, SMTPUTF8 not supported"), false;
  } else {
    return rep_.usrerr("smtp-mail-param", fmt::format("555 5.5.4 {} parameter unrecognized", kp)), false;
  }
  return true;
}

// BY=<seconds>;<mode>[<trace>] (RFC 2852) as sendmail checks it.
bool Session::deliver_by(const std::string& vp) {
  auto printable = [](char c) { return (c & 0x80) == 0 && std::isprint(static_cast<unsigned char>(c)) ? c : '?'; };
  errno = 0;
  char* end = nullptr;
  long by = std::strtol(vp.c_str(), &end, 10);
  if (by == LONG_MIN || by == LONG_MAX || by > 999999999L || by < -999999999L)
    return rep_.usrerr("smtp-by-range", fmt::format("501 5.5.2 BY={} out of range", vp)), false;
  if (end == nullptr || *end != ';') return rep_.usrerr("smtp-by-semicolon", "501 5.5.2 BY= missing ';'"), false;
  const char* s = end + 1;
  auto skip_space = [&] { while (*s != '\0' && (*s & 0x80) == 0 && std::isspace(static_cast<unsigned char>(*s))) ++s; };
  skip_space();
  switch (std::tolower(static_cast<unsigned char>(*s))) {
    case 'n': break;
    case 'r':
      if (by <= 0) return rep_.usrerr("smtp-by-mode", "501 5.5.4 mode R requires BY time > 0"), false;
      if (deliver_by_min_ > 0 && by < deliver_by_min_)
        return rep_.usrerr("smtp-by-min", fmt::format("555 5.5.2 time {} less than {}", by, deliver_by_min_)), false;
      break;
    default:
      return rep_.usrerr("smtp-by-mode", fmt::format("501 5.5.2 illegal by-mode '{}'", printable(*s))), false;
  }
  // sendmail steps over the mode even when it was the string's end.
  if (*s != '\0') ++s;
  else return true;
  skip_space();
  switch (std::tolower(static_cast<unsigned char>(*s))) {
    case 't': case '\0': break;
    default:
      return rep_.usrerr("smtp-by-trace", fmt::format("501 5.5.2 illegal by-trace '{}'", printable(*s))), false;
  }
  return true;
}

bool Session::rcpt_param(envelope::QueueAddress& a, std::string_view kp, const std::optional<std::string>& vp) {
  if (equals_nocase(kp, "notify")) {
    if (!offer_dsn_)
      return rep_.usrerr("smtp-no-dsn", "504 5.7.0 Sorry, NOTIFY not supported, we do not allow DSN"), false;
    if (!vp) return rep_.usrerr("smtp-notify-value", "501 5.5.2 NOTIFY requires a value"), false;
    a.flags &= ~(qflag::kPingOnSuccess | qflag::kPingOnFailure | qflag::kPingOnDelay);
    a.flags |= qflag::kHasNotify;
    tx_.rt->define_long("dsn_notify", *vp);
    if (equals_nocase(*vp, "never")) return true;
    std::string_view rest = *vp;
    for (;;) {
      std::size_t comma = rest.find(',');
      std::string_view w = rest.substr(0, comma);
      if (equals_nocase(w, "success")) a.flags |= qflag::kPingOnSuccess;
      else if (equals_nocase(w, "failure")) a.flags |= qflag::kPingOnFailure;
      else if (equals_nocase(w, "delay")) a.flags |= qflag::kPingOnDelay;
      else return rep_.usrerr("smtp-notify-bad", fmt::format("501 5.5.4 Bad argument \"{}\"  to NOTIFY", w)), false;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  } else if (equals_nocase(kp, "orcpt")) {
    if (!offer_dsn_)
      return rep_.usrerr("smtp-no-dsn", "504 5.7.0 Sorry, ORCPT not supported, we do not allow DSN"), false;
    if (!vp) return rep_.usrerr("smtp-orcpt-value", "501 5.5.2 ORCPT requires a value"), false;
    if (a.orcpt) return rep_.usrerr("smtp-orcpt-dup", "501 5.5.0 Duplicate ORCPT parameter"), false;
    std::size_t semi = vp->find(';');
    if (semi == std::string::npos || !xtext_ok(vp->substr(semi + 1)))
      return rep_.usrerr("smtp-orcpt-syntax", "501 5.5.4 Syntax error in ORCPT parameter value"), false;
    a.orcpt = *vp;
  } else {
    return rep_.usrerr("smtp-rcpt-param", fmt::format("555 5.5.4 {} parameter unrecognized", kp)), false;
  }
  return true;
}

void Session::mail(std::string_view arg) {
  if (!got_hello_ && privacy_option(cf_.options, "needmailhelo")) {
    rep_.usrerr("smtp-mail-helo", "503 5.0.0 Polite people say HELO first");
    return;
  }
  if (tx_.got_mail) {
    rep_.usrerr("smtp-mail-twice", "503 5.5.0 Sender already specified");
    return;
  }
  std::optional<std::string> p = skip_word(arg, "from");
  if (!p) {
    rep_.usrerr("smtp-syntax", skipword_error(arg));
    return;
  }
  if (!sending_host_) sending_host_ = peer_host_;
  if (protocol_.empty()) protocol_ = "SMTP";
  envelope::Runtime& rt = *tx_.rt;
  rt.macros().define('r', protocol_);
  rt.macros().define('s', *sending_host_);
  rt.define_long("ntries", "0");
  rt.define_long("nrcpts", "0");
  rt.define_long("nbadrcpts", "0");

  const int errors = rep_.error_count();
  SenderEnv senv;
  senv.sys = &sys_;
  if (auto pw = sys_.user_by_uid(sys_.real_uid())) senv.real_name = pw->name;
  std::size_t delim = p->size();
  tx_.from = set_sender(rt.ctx(), *p, senv, tx_.state, ' ', &delim);
  if (rep_.error_count() != errors) return;
  const std::string addr = p->substr(0, delim);
  rt.define_long("mail_mailer", tx_.from.mailer ? std::optional<std::string>(tx_.from.mailer->name) : std::nullopt);
  rt.define_long("mail_host", tx_.from.host.value_or("localhost"));
  rt.define_long("mail_addr", tx_.from.user);
  int argno = 1;
  for (const EsmtpParam& param : esmtp_params(std::string_view(*p).substr(delim))) {
    if (!mail_param(param)) return;
    if (++argno >= limits::kSmtpMaxArgs - 1) {
      rep_.usrerr("smtp-too-many-params", "501 5.5.4 Too many parameters");
      return;
    }
  }
  rt.define_long("addr_type", "e s");
  if (!check("check_mail", addr, nullptr, rsf::kRmComm | rsf::kCount)) return;
  rt.define_long("addr_type", std::nullopt);
  if (max_message_size_ > 0 && tx_.msg_size > max_message_size_) {
    rep_.usrerr("smtp-size-max",
                fmt::format("552 5.2.3 Message size exceeds fixed maximum message size ({})", max_message_size_));
    return;
  }
  tx_.list->set_sender(tx_.from, tx_.state.from_printable);
  rep_.set_current_address(addr);
  rep_.message("smtp-sender-ok", "250 2.1.0 Sender ok");
  tx_.got_mail = true;
}

void Session::rcpt(std::string_view arg) {
  envelope::Runtime& rt = *tx_.rt;
  rt.define_long("rcpt_mailer", std::nullopt);
  rt.define_long("rcpt_host", std::nullopt);
  rt.define_long("rcpt_addr", std::nullopt);
  if (!tx_.got_mail) {
    rep_.usrerr("smtp-rcpt-no-mail", "503 5.0.0 Need MAIL before RCPT");
    return;
  }
  const int errors = rep_.error_count();
  auto done = [&] {
    rt.define_long("rcpt_mailer", std::nullopt);
    rt.define_long("rcpt_host", std::nullopt);
    rt.define_long("rcpt_addr", std::nullopt);
    rt.define_long("dsn_notify", std::nullopt);
  };
  if (max_rcpts_ > 0 && tx_.nrcpts >= max_rcpts_) {
    rep_.usrerr("smtp-too-many-rcpts", "452 4.5.3 Too many recipients");
    return done();
  }
  std::optional<std::string> p = skip_word(arg, "to");
  if (!p) {
    rep_.usrerr("smtp-syntax", skipword_error(arg));
    return done();
  }
  rt.define_long("addr_type", "e r");
  std::size_t delim = p->size();
  std::optional<ParsedAddress> parsed = parse_address(rt.ctx(), *p, 0, ' ', true, &delim);
  rt.define_long("addr_type", std::nullopt);
  if (rep_.error_count() != errors) return done();
  if (!parsed) {
    rep_.usrerr("smtp-rcpt-missing", "501 5.0.0 Missing recipient");
    return done();
  }
  delim = std::min(delim, p->size());
  const std::string addr = p->substr(0, delim);
  rt.define_long("rcpt_mailer", parsed->mailer ? std::optional<std::string>(parsed->mailer->name) : std::nullopt);
  rt.define_long("rcpt_host", parsed->host.value_or("localhost"));
  rt.define_long("rcpt_addr", parsed->user);
  envelope::QueueAddress& a = tx_.list->parsed_recipient(*parsed, addr);
  a.flags |= qflag::kPrimary;
  int argno = 1;
  for (const EsmtpParam& param : esmtp_params(std::string_view(*p).substr(delim))) {
    if (!rcpt_param(a, param.keyword, param.value)) return done();
    if (++argno >= limits::kSmtpMaxArgs - 1) {
      rep_.usrerr("smtp-too-many-params", "501 5.5.4 Too many parameters");
      return done();
    }
  }
  rt.define_long("addr_type", "e r");
  if (!check("check_rcpt", addr, nullptr, rsf::kRmComm | rsf::kCount)) return done();
  rt.define_long("addr_type", std::nullopt);
  if (tx_.discard) a.state = envelope::QState::Verified;
  envelope::QueueAddress* q = tx_.list->recipient(&a, 0);
  if (rep_.error_count() == errors && q && q->state == envelope::QState::BadAddr)
    rep_.usrerr("smtp-rcpt-unknown", "550 5.1.1 Addressee unknown");
  if (q) rep_.set_current_address(q->paddr);
  if (rep_.error_count() == errors && q && q->state != envelope::QState::BadAddr) {
    rep_.message("smtp-rcpt-ok",
                 fmt::format("250 2.1.5 Recipient ok{}", q->state == envelope::QState::QueueUp ? " (will queue)" : ""));
    ++tx_.nrcpts;
  }
  done();
}

bool Session::data() {
  if (!tx_.got_mail) {
    rep_.usrerr("smtp-data-no-mail", "503 5.0.0 Need MAIL command");
    return true;
  }
  if (tx_.nrcpts <= 0) {
    rep_.usrerr("smtp-data-no-rcpt", "503 5.0.0 Need RCPT (recipient)");
    return true;
  }
  // The message sent before the 354 came: a protocol error that ends the
  // connection (the check Debian's 8.17.1.9 makes against SMTP smuggling).
  if (channel_.input_pending(0)) {
    rep_.usrerr("smtp-bad-pipeline", "554 5.5.0 SMTP protocol error");
    return false;
  }
  if (!check("check_data", std::to_string(tx_.nrcpts), nullptr, rsf::kRmComm | rsf::kUnstructured | rsf::kCount))
    return true;
  // Recipients refused at RCPT are not delivered (QS_BADADDR -> QS_DONTSEND).
  for (envelope::QueueAddress* q : tx_.list->queue().ordered())
    if (q->state == envelope::QState::BadAddr) q->state = envelope::QState::DontSend;
  rep_.message("smtp-data-go", "354 End data with <CR><LF>.<CR><LF>");
  std::size_t cap = limits::kSmtpMaxData;
  if (max_message_size_ > 0 && static_cast<std::size_t>(max_message_size_) >= cap)
    cap = static_cast<std::size_t>(max_message_size_) + 1;
  std::string text;
  bool too_big = false;
  ReadStatus st = channel_.read_data(timeout("datablock", 3600), cap, text, &too_big);
  if (st == ReadStatus::BareLf || st == ReadStatus::BareCr) {
    rep_.message("smtp-bare-eol", st == ReadStatus::BareLf ? "421 4.5.0 Bare linefeed (LF) not allowed"
                                                           : "421 4.5.0 Bare carriage return (CR) not allowed");
    return false;
  }
  if (st != ReadStatus::Line) {
    rep_.usrerr("smtp-data-lost",
                fmt::format("451 4.4.1 collect: unexpected close on connection from {}, sender={}", client_,
                            tx_.state.from_printable));
    return false;
  }
  if (too_big) {
    long limit = max_message_size_ > 0 ? max_message_size_ : static_cast<long>(limits::kSmtpMaxData);
    rep_.usrerr("smtp-data-too-big", fmt::format("552 5.2.3 Message exceeds maximum fixed size ({})", limit));
    new_envelope();
    return true;
  }
  if (tx_.discard) {
    // $#discard: accepted, and dropped without a queue entry.
    rep_.message("smtp-accepted", fmt::format("250 2.0.0 {} Message accepted for delivery", ids_.next()));
    new_envelope();
    return true;
  }
  const int errors = rep_.error_count();
  submit::CollectedEnvelope env{.rt = *tx_.rt, .list = *tx_.list, .from = tx_.from, .state = tx_.state};
  env.auth = tx_.auth;
  env.ret_given = tx_.ret_given;
  env.headers_only = tx_.headers_only;
  env.envid = tx_.envid;
  env.body_type = tx_.body_type;
  env.ids = &ids_;
  env.smtp = true;
  submit::SubmitResult r = submit::queue_message(env, text, effects_.now(), effects_, rep_, queue_path_);
  if (rep_.error_count() == errors && r.exit_status == 0 && !r.queue_id.empty()) {
    rep_.set_current_address(std::nullopt);
    rep_.message("smtp-accepted", fmt::format("250 2.0.0 {} Message accepted for delivery", r.queue_id));
    channel_.out().flush();
    effects_.failpoint("smtp.accepted");
    ++result_.messages_accepted;
    result_.queue_ids.push_back(r.queue_id);
  }
  new_envelope();
  return true;
}

}  // namespace smcf::smtp_server
