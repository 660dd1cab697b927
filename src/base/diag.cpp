// diag.cpp -- sendmail's fmtmsg()/putoutmsg() formatting, reproduced.
#include "base/diag.hpp"

#include <cstring>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"

namespace smcf {
namespace {

bool is_smtp_code(std::string_view s) {
  return s.size() >= 3 && is_digit(static_cast<unsigned char>(s[0])) &&
         is_digit(static_cast<unsigned char>(s[1])) && is_digit(static_cast<unsigned char>(s[2]));
}

bool is_smtp_reply(std::string_view s) {
  return is_smtp_code(s) && (s.size() == 3 || s[3] == ' ' || s[3] == '-');
}

// sendmail's isenhsc(): length of a leading "[245].d{1,3}.d{1,3}" followed
// by delim (0 = end of string), or 0.
std::size_t enhanced_code_length(std::string_view s, int delim) {
  auto at = [&](std::size_t i) -> int { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; };
  if (!((at(0) == '2' || at(0) == '4' || at(0) == '5') && at(1) == '.')) return 0;
  std::size_t l = 2, h = 0;
  while (h < 3 && is_digit(static_cast<unsigned char>(at(l + h)))) ++h;
  if (h == 0 || at(l + h) != '.') return 0;
  l += h + 1;
  h = 0;
  while (h < 3 && is_digit(static_cast<unsigned char>(at(l + h)))) ++h;
  if (h == 0 || at(l + h) != delim) return 0;
  return l + h;
}

// Appends s to buf without letting buf reach the MsgBuf size (snprintf
// truncation); strip7 clears the high bit of every appended byte.
void append_limited(std::string& buf, std::string_view s, bool strip7) {
  const std::size_t cap = limits::kMsgBufSize - 1;
  if (buf.size() >= cap) return;
  std::size_t n = std::min(s.size(), cap - buf.size());
  std::size_t start = buf.size();
  buf.append(s.substr(0, n));
  if (strip7)
    for (std::size_t i = start; i < buf.size(); ++i) buf[i] = static_cast<char>(buf[i] & 0177);
}

Severity severity_of_code(std::string_view code) {
  if (code.empty()) return Severity::Error;
  switch (code[0]) {
    case '0': case '2': return Severity::Note;
    case '4': return Severity::Warning;
    default: return Severity::Error;
  }
}

}  // namespace

std::optional<std::string> Reporter::format(std::string_view default_code, std::string_view text,
                                            int errnum, std::string* full) const {
  // fmtmsg(): "NNN " [enhanced code " "] [FILE: line N: ] [ADDR... ] text [: strerror]
  std::string_view num = default_code;
  std::string_view fmt = c_str_view(text);
  if (is_smtp_code(fmt)) {
    num = fmt.substr(0, std::min<std::size_t>(4, fmt.size()));
    fmt = fmt.size() > 4 ? fmt.substr(4) : std::string_view{};
  }
  std::string msg;
  msg.append(num.substr(0, 3));
  // A continuation line ("250-...") keeps its dash, as fmtmsg() does.
  msg.push_back(num.size() > 3 && num[3] == '-' ? '-' : ' ');
  if (std::size_t l = enhanced_code_length(fmt, ' '); l > 0) {
    msg.append(fmt.substr(0, l + 1));
    fmt.remove_prefix(l + 1);
  } else if (default_code == "554" || default_code == "451") {
    msg.append(default_code == "554" ? "5.0.0 " : "4.0.0 ");
  } else if (!text.empty() && is_smtp_code(text) && !plain_message_) {
    char c = text[0];
    if (c == '5' || c == '6') msg.append("5.0.0 ");
    else if (c == '4' || c == '8') msg.append("4.0.0 ");
    else if (c == '2') msg.append("2.0.0 ");
  }
  if (file_) {
    msg.append(shorten(*file_, 83));
    msg.append(": line ");
    msg.append(std::to_string(line_));
    msg.append(": ");
  }
  if (to_ && !to_->empty() &&
      (num.substr(0, 3) == "050" || num.substr(0, 3) == "250" || num.substr(0, 3) == "252" ||
       num.substr(0, 3) == "450" || num.substr(0, 3) == "550" || num.substr(0, 3) == "553")) {
    std::string prefix = shorten(c_str_view(*to_), limits::kMaxShortStr);
    prefix.append("... ");
    append_limited(msg, prefix, true);
  }
  append_limited(msg, fmt, true);
  if (errnum != 0) {
    append_limited(msg, ": ", false);
    append_limited(msg, std::strerror(errnum), false);
  }
  // sendmail's message buffer is a C string: a 0x80 byte that lost its
  // high bit above is a NUL, and whatever follows it (the rest of the
  // address, the text, the errno part) is never seen.
  if (std::size_t nul = msg.find('\0'); nul != std::string::npos) msg.resize(nul);
  if (full) *full = msg;

  // putoutmsg(): 0xx messages only when verbose; print the text after the
  // codes -- or, as an SMTP reply, all of it (6xx/8xx warnings go out as
  // 5xx/4xx).
  if (smtp_replies_) {
    if (msg[0] == '6') msg[0] = '5';
    if (msg[0] == '8') msg[0] = '4';
  }
  if (verbose_ == 0 && msg[0] == '0') return std::nullopt;
  if (smtp_replies_) return msg;
  std::string_view errtxt = msg;
  if (is_smtp_reply(errtxt)) {
    errtxt.remove_prefix(std::min<std::size_t>(4, errtxt.size()));
    std::size_t l = enhanced_code_length(errtxt, ' ');
    if (l == 0) l = enhanced_code_length(errtxt, 0);
    if (l > 0) errtxt.remove_prefix(std::min(l + 1, errtxt.size()));
  }
  return std::string(errtxt);
}

void Reporter::emit(std::string_view id, Severity sev, std::string_view default_code,
                    std::string_view text, int errnum, bool suppressed) {
  auto printed = format(default_code, text, errnum);
  if (printed && !suppressed && out_ && !holding_) {
    out_->write(*printed);
    if (smtp_replies_) out_->put('\r');
    out_->put('\n');
  }
  if (!recording_) return;
  Diagnostic d;
  d.id = std::string(id);
  d.severity = sev;
  if (file_) d.pos = SourcePos{*file_, line_, 0};
  std::string_view body = text;
  if (is_smtp_code(body)) body.remove_prefix(std::min<std::size_t>(4, body.size()));
  if (std::size_t l = enhanced_code_length(body, ' '); l > 0) body.remove_prefix(l + 1);
  d.message = std::string(body);
  if (errnum != 0) {
    d.message += ": ";
    d.message += std::strerror(errnum);
  }
  d.rendered = printed.value_or(std::string());
  diags_.push_back(std::move(d));
}

void Reporter::syserr(std::string_view id, std::string_view text, int errnum) {
  emit(id, Severity::Error, errnum == 0 ? "554" : "451", text, errnum, false);
  if (only_one_error_) holding_ = true;
  ++errors_;
  if (exit_ == exitstat::kOk) exit_ = errnum == 0 ? exitstat::kSoftware : exitstat::kOsErr;
}

void Reporter::usrerr(std::string_view id, std::string_view text) {
  std::string_view code = is_smtp_code(text) ? text.substr(0, 3) : std::string_view("550");
  emit(id, severity_of_code(code), "550", text, 0, suppress_usrerr_);
  if (suppress_usrerr_) return;
  if (only_one_error_) holding_ = true;
  ++errors_;
}

void Reporter::message(std::string_view id, std::string_view text) {
  std::string_view code = is_smtp_code(text) ? text.substr(0, 3) : std::string_view("050");
  // message() has no default enhanced code (fmtmsg() with enhsc NULL).
  plain_message_ = true;
  emit(id, severity_of_code(code), "050", text, 0, false);
  plain_message_ = false;
}

void Reporter::flush_output() {
  if (out_) out_->flush();
}

void Reporter::replay(std::string_view printed, const std::vector<Diagnostic>& diags) {
  if (out_) out_->write(printed);
  if (recording_) diags_.insert(diags_.end(), diags.begin(), diags.end());
}

void Reporter::plain(std::string_view id, Severity sev, std::string_view text) {
  if (out_) {
    out_->write(text);
    out_->put('\n');
  }
  if (!recording_) return;
  Diagnostic d;
  d.id = std::string(id);
  d.severity = sev;
  if (file_) d.pos = SourcePos{*file_, line_, 0};
  d.message = std::string(text);
  d.rendered = std::string(text);
  diags_.push_back(std::move(d));
}

}  // namespace smcf
