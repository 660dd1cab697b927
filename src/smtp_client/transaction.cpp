// transaction.cpp -- one SMTP mail transaction (see transaction.hpp).
#include "smtp_client/transaction.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>

namespace smcf::smtp_client {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// What the server offered in its EHLO reply (helo_options()).
struct Extensions {
  bool size = false;
  long max_size = 0;  // SIZE's argument (0: none)
  bool eight_bit_mime = false;
  bool dsn = false;
  bool enhanced_codes = false;
  bool auth = false;  // MCIF_AUTH: the server takes AUTH= on MAIL
};

Extensions parse_ehlo(const Reply& r) {
  Extensions x;
  for (std::size_t i = 1; i < r.lines.size(); ++i) {
    std::string_view kw = std::string_view(r.lines[i]).substr(4 <= r.lines[i].size() ? 4 : r.lines[i].size());
    auto is = [&](std::string_view name) {
      return starts_with_nocase(kw, name) && (kw.size() == name.size() || kw[name.size()] == ' ');
    };
    if (is("SIZE")) {
      x.size = true;
      if (kw.size() > 5) x.max_size = std::atol(std::string(kw.substr(5)).c_str());
    }
    if (is("8BITMIME")) x.eight_bit_mime = true;
    if (is("DSN")) x.dsn = true;
    if (is("ENHANCEDSTATUSCODES")) x.enhanced_codes = true;
    if (is("AUTH") && kw.size() > 5) x.auth = true;
  }
  return x;
}

// One connection's dialogue; the state reply() keeps between calls.
class Dialogue {
 public:
  Dialogue(const Request& req, Result& res, const Target& target)
      : req_(req), res_(res), target_(target), out_(&res.transcript) {}

  // Where the xf lines of the next exchanges go.
  void transcript_to(std::string& out) { out_ = &out; }

  // Connects to the target (Timeout.iconnect for the first attempt of a
  // delivery, when set; else Timeout.connect).
  bool connect(bool first_attempt) {
    res_.stage = Stage::Connect;
    res_.phase = "client connect";
    res_.host = target_.host;
    long t = req_.timeouts.connect;
    if (first_attempt && req_.timeouts.iconnect > 0) t = req_.timeouts.iconnect;
    res_.reply = Reply{};
    if (!conn_.open(target_.address, req_.port, t, res_.reply.error, res_.reply.err_no)) return false;
    need_intro_ = true;
    return true;
  }

  // Writes a command (CRLF added); false when the connection failed.
  bool command(const std::string& text, const char* phase, long timeout) {
    last_command_ = text;
    res_.command = text;
    if (req_.trace) req_.trace(">>> " + text);
    res_.phase = phase;
    IoError e = IoError::None;
    int err = 0;
    if (!conn_.send(text + "\r\n", timeout, e, err)) {
      res_.reply = Reply{};
      res_.reply.error = e;
      res_.reply.err_no = err;
      return false;
    }
    return true;
  }

  // Reads a reply and writes a 4xx/5xx one to the transcript as
  // reply() does (a refused EHLO is not an error worth logging).
  Reply reply(long timeout) {
    Reply r = conn_.read_reply(timeout);
    if (req_.trace)
      for (const std::string& line : r.lines) req_.trace(line);
    const bool ehlo = starts_with_nocase(last_command_, "EHLO");
    for (const std::string& line : r.lines) {
      if (line.empty() || !(line[0] == '4' || (line[0] == '5' && !ehlo))) continue;
      if (need_intro_) {
        *out_ += fmt::format("... while talking to {}:\n", target_.host);
        need_intro_ = false;
      }
      if (!last_command_.empty()) {
        *out_ += fmt::format(">>> {}\n", last_command_);
        last_command_.clear();
      }
      *out_ += fmt::format("<<< {}\n", line);
    }
    return r;
  }

  // Sends QUIT and waits (briefly) for its answer; errors do not matter.
  void quit() {
    if (!conn_.is_open()) return;
    IoError e = IoError::None;
    int err = 0;
    if (req_.trace) req_.trace(">>> QUIT");
    if (conn_.send("QUIT\r\n", req_.timeouts.quit, e, err)) {
      Reply r = conn_.read_reply(req_.timeouts.quit);
      if (req_.trace)
        for (const std::string& line : r.lines) req_.trace(line);
    }
    conn_.close();
  }

  void drop() { conn_.close(); }

  bool send_bytes(std::string_view bytes, long timeout) {
    IoError e = IoError::None;
    int err = 0;
    if (conn_.send(bytes, timeout, e, err)) return true;
    res_.reply = Reply{};
    res_.reply.error = e;
    res_.reply.err_no = err;
    return false;
  }

 private:
  const Request& req_;
  Result& res_;
  const Target& target_;
  std::string* out_;
  Connection conn_;
  std::string last_command_;  // SmtpMsgBuffer: logged before the first error reply to it
  bool need_intro_ = false;   // SmtpNeedIntro
};

// A stage's reply ended the transaction: keep it, close the connection.
Result& stop(Result& res, Dialogue& d, Stage stage, const Reply& r, bool send_quit) {
  res.stage = stage;
  res.reply = r;
  if (send_quit && r.ok()) d.quit();
  else d.drop();
  return res;
}

// How the opening of a session (greeting, EHLO/HELO) ended.
enum class Opening { Open, Retry, Failed };

// A failure worth trying the next host for: no reply, or a 4xx.
Opening after_failure(const Reply& r) { return !r.ok() || r.type() == 4 ? Opening::Retry : Opening::Failed; }

// The greeting and EHLO (F=a, or "ESMTP" in the greeting: esmtp_check()),
// HELO when EHLO is refused with a 5xx, and the loop check.
Opening open_session(Dialogue& d, const Request& req, Result& res, Extensions& ext) {
  res.phase = "client greeting";
  Reply r = d.reply(req.timeouts.initial);
  if (!r.ok() || r.type() != 2) {
    stop(res, d, Stage::Greeting, r, true);
    return after_failure(r);
  }
  bool answered = false;
  bool esmtp = req.esmtp;
  for (const std::string& line : r.lines)
    if (line.find("ESMTP") != std::string::npos) esmtp = true;
  if (esmtp) {
    if (!d.command("EHLO " + req.helo_name, "client EHLO", req.timeouts.helo)) {
      stop(res, d, Stage::Helo, res.reply, false);
      return Opening::Retry;
    }
    r = d.reply(req.timeouts.helo);
    if (!r.ok() || (r.type() != 2 && r.type() != 5)) {
      stop(res, d, Stage::Helo, r, true);
      return after_failure(r);
    }
    if (r.type() == 2) {
      ext = parse_ehlo(r);
      res.enhanced_codes = ext.enhanced_codes;
      answered = true;
    }
  }
  if (!answered) {
    if (!d.command("HELO " + req.helo_name, "client HELO", req.timeouts.helo)) {
      stop(res, d, Stage::Helo, res.reply, false);
      return Opening::Retry;
    }
    r = d.reply(req.timeouts.helo);
    if (!r.ok() || r.type() != 2) {
      stop(res, d, Stage::Helo, r, true);
      return after_failure(r);
    }
  }
  // A server that calls itself by our name is ourself: the mail would loop.
  if (req.loop_check) {
    std::string_view name = std::string_view(r.first()).substr(r.first().size() > 4 ? 4 : r.first().size());
    name = name.substr(0, name.find(' '));
    if (!name.empty() && name.size() == req.helo_name.size() && starts_with_nocase(name, req.helo_name)) {
      res.loops_back = true;
      stop(res, d, Stage::Helo, r, true);
      return Opening::Failed;
    }
  }
  return Opening::Open;
}

// MAIL, RCPT, DATA on an open session.
Result& transact(Dialogue& d, const Request& req, Result& res, const Extensions& ext) {
  Reply r;
  // A message the server has said it will not take is not offered.
  const long size = req.size > 0 ? req.size : static_cast<long>(req.message.size());
  if (ext.size && ext.max_size > 0 && size > ext.max_size) {
    res.too_large = ext.max_size;
    res.stage = Stage::Mail;
    res.reply = Reply{};
    d.quit();
    return res;
  }
  // MAIL From:
  std::string mail = fmt::format("MAIL From:<{}>", req.sender);
  if (ext.size) mail += fmt::format(" SIZE={}", size);
  if (ext.eight_bit_mime && !req.body_type.empty()) mail += " BODY=" + req.body_type;
  if (ext.auth && !req.auth_param.empty()) mail += " AUTH=" + req.auth_param;
  res.dsn = ext.dsn;
  if (ext.dsn) mail += req.mail_dsn;
  if (!d.command(mail, "client MAIL", req.timeouts.mail)) return stop(res, d, Stage::Mail, res.reply, false);
  r = d.reply(req.timeouts.mail);
  if (!r.ok() || r.type() != 2) return stop(res, d, Stage::Mail, r, true);

  // RCPT To: for each recipient; the transaction goes on while one is
  // accepted.
  int accepted = 0;
  for (std::size_t i = 0; i < req.recipients.size(); ++i) {
    d.transcript_to(res.rcpts[i].transcript);
    std::string params = ext.dsn && i < req.rcpt_dsn.size() ? req.rcpt_dsn[i] : std::string();
    if (!d.command(fmt::format("RCPT To:<{}>{}", req.recipients[i], params), "client RCPT", req.timeouts.rcpt))
      return stop(res, d, Stage::Rcpt, res.reply, false);
    r = d.reply(req.timeouts.rcpt);
    res.rcpts[i].reply = r;
    if (!r.ok()) return stop(res, d, Stage::Rcpt, r, false);
    if (r.code == 421) return stop(res, d, Stage::Rcpt, r, true);
    if (r.type() == 2) ++accepted;
  }
  if (accepted == 0) {
    d.transcript_to(res.data_transcript);
    res.stage = Stage::Done;
    res.reply = Reply{};
    d.quit();
    return res;
  }

  // DATA, the message, ".".
  d.transcript_to(res.data_transcript);
  if (!d.command("DATA", "client DATA", req.timeouts.datainit)) return stop(res, d, Stage::Data, res.reply, false);
  res.phase = "client DATA 354";
  r = d.reply(req.timeouts.datainit);
  if (!r.ok() || r.type() != 3) return stop(res, d, Stage::Data, r, true);
  res.phase = "client DATA";
  std::string_view msg = req.message;
  if (!d.send_bytes(msg, req.timeouts.datablock)) {
    res.write_timeout = res.reply.error == IoError::Timeout;
    return stop(res, d, Stage::DataFinal, res.reply, false);
  }
  const bool ends_in_newline = !msg.empty() && msg.back() == '\n';
  if (!d.send_bytes(ends_in_newline ? ".\r\n" : "\r\n.\r\n", req.timeouts.datablock))
    return stop(res, d, Stage::DataFinal, res.reply, false);
  if (req.trace) req.trace(">>> .");
  res.phase = "client DATA status";
  r = d.reply(req.timeouts.datafinal);
  res.reply = r;
  if (!r.ok()) return stop(res, d, Stage::DataFinal, r, false);
  res.stage = r.type() == 2 ? Stage::Done : Stage::DataFinal;
  d.quit();
  return res;
}

}  // namespace

Result run_transaction(const Request& req) {
  Result res;
  res.rcpts.resize(req.recipients.size());
  res.reply.error = IoError::System;  // no target at all
  for (std::size_t i = 0; i < req.targets.size(); ++i) {
    const bool last = i + 1 == req.targets.size();
    Dialogue d(req, res, req.targets[i]);
    if (!d.connect(i == 0)) {
      if (last) return res;
      continue;
    }
    Extensions ext;
    Opening o = open_session(d, req, res, ext);
    if (o == Opening::Open) return transact(d, req, res, ext);
    if (o == Opening::Failed || last) return res;
  }
  return res;
}

}  // namespace smcf::smtp_client
