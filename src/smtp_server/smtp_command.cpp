// smtp_command.cpp -- the SMTP command line, split as sendmail splits it
// (see smtp_command.hpp).
#include "smtp_server/smtp_command.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "base/bytes.hpp"
#include "base/limits.hpp"

namespace smcf::smtp_server {
namespace {

bool is_blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// sendmail's CmdTab, in its order.
constexpr std::array<std::pair<std::string_view, Command>, 22> kCommands{{
    {"mail", Command::Mail},        {"rcpt", Command::Rcpt},
    {"data", Command::Data},        {"rset", Command::Rset},
    {"vrfy", Command::Vrfy},        {"expn", Command::Expn},
    {"help", Command::Help},        {"noop", Command::Noop},
    {"quit", Command::Quit},        {"helo", Command::Helo},
    {"ehlo", Command::Ehlo},        {"etrn", Command::Etrn},
    {"verb", Command::Verb},        {"send", Command::Unimplemented},
    {"saml", Command::Unimplemented}, {"soml", Command::Unimplemented},
    {"turn", Command::Unimplemented}, {"auth", Command::Auth},
    {"starttls", Command::StartTls}, {"showq", Command::DebugShowQ},
    {"debug", Command::DebugDebug}, {"wiz", Command::LogBogus},
}};

// cmdbuf[MAXLINE]: the command word is cut to what it holds.
constexpr std::size_t kCommandWord = limits::kMaxLine - 2;

}  // namespace

CommandLine split_command(std::string_view line) {
  CommandLine c;
  std::size_t p = 0;
  while (p < line.size() && is_blank(line[p])) ++p;
  while (p < line.size() && !is_blank(line[p]) && c.word.size() < kCommandWord) c.word.push_back(line[p++]);
  while (p < line.size() && is_blank(line[p])) ++p;
  c.arg = std::string(line.substr(p));
  for (const auto& [name, cmd] : kCommands) {
    if (equals_nocase(name, c.word)) {
      c.command = cmd;
      break;
    }
  }
  return c;
}

std::optional<std::string> skip_word(std::string_view arg, std::string_view word) {
  std::size_t p = 0;
  while (p < arg.size() && is_blank(arg[p])) ++p;
  const std::size_t start = p;
  while (p < arg.size() && arg[p] != ':' && !is_blank(arg[p])) ++p;
  std::string_view w = arg.substr(start, p - start);
  while (p < arg.size() && is_blank(arg[p])) ++p;
  if (p >= arg.size() || arg[p] != ':') return std::nullopt;
  ++p;
  while (p < arg.size() && is_blank(arg[p])) ++p;
  if (p >= arg.size()) return std::nullopt;
  if (!equals_nocase(w, word)) return std::nullopt;
  return std::string(arg.substr(p));
}

std::vector<EsmtpParam> esmtp_params(std::string_view rest) {
  std::vector<EsmtpParam> out;
  std::size_t p = 0;
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 && (c & 0x80) == 0; };
  for (;;) {
    while (p < rest.size() && is_blank(rest[p])) ++p;
    if (p >= rest.size()) break;
    EsmtpParam param;
    std::size_t kp = p;
    while (p < rest.size() && (alnum(rest[p]) || rest[p] == '-')) ++p;
    param.keyword = std::string(rest.substr(kp, p - kp));
    if (p < rest.size() && rest[p] == '=') {
      std::size_t vp = ++p;
      while (p < rest.size() && rest[p] != ' ' && !std::iscntrl(static_cast<unsigned char>(rest[p])) &&
             rest[p] != '=')
        ++p;
      param.value = std::string(rest.substr(vp, p - vp));
    }
    // The byte that ended the word is overwritten (sendmail's NUL).
    if (p < rest.size()) ++p;
    out.push_back(std::move(param));
  }
  return out;
}

std::optional<std::string> helo_name(std::string_view arg) {
  std::size_t q = 0;
  for (; q < arg.size(); ++q) {
    unsigned char c = static_cast<unsigned char>(arg[q]);
    if (c >= 0x80) return std::nullopt;
    if (std::isalnum(c)) continue;
    if (std::isspace(c)) {
      for (std::size_t r = q; r < arg.size(); ++r)
        if (!std::isspace(static_cast<unsigned char>(arg[r]))) return std::nullopt;
      return std::string(arg.substr(0, q));
    }
    if (std::string_view("[].-_#:").find(static_cast<char>(c)) == std::string_view::npos) return std::nullopt;
  }
  return std::string(arg);
}

}  // namespace smcf::smtp_server
