// smtp_command.hpp -- how sendmail's SMTP server reads a command line
// (srvrsmtp.c): the command word looked up in its table, the argument
// after it, skipword() for "FROM:" / "TO:", and the ESMTP parameters
// after an address.  Pure functions over the line, so the parser is
// fuzzed on its own (tests/fuzz/fuzz_smtp_command.cpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf::smtp_server {

enum class Command {
  Mail, Rcpt, Data, Rset, Vrfy, Expn, Help, Noop, Quit, Helo, Ehlo, Etrn, Verb,
  Unimplemented,  // send, saml, soml, turn
  Auth, StartTls,
  DebugShowQ, DebugDebug, LogBogus,  // showq, debug, wiz: trapped, never run
  Error,                             // not in the table
};

struct CommandLine {
  Command command = Command::Error;
  std::string word;  // the command word as sent (cut as sendmail cuts it)
  std::string arg;   // what follows it, leading blanks skipped
};

CommandLine split_command(std::string_view line);

// skipword(p, "from"): the text after "FROM:" (blanks around the colon
// allowed); nullopt when the word or the colon is missing, or nothing
// follows (sendmail then says "501 5.5.2 Syntax error in parameters
// scanning ...").
std::optional<std::string> skip_word(std::string_view arg, std::string_view word);

struct EsmtpParam {
  std::string keyword;
  std::optional<std::string> value;  // after '='
};

// The parameters after an address, as parse_esmtp_args() splits them:
// KEYWORD (letters, digits, '-') and an optional =VALUE (up to a blank, a
// control byte or '='); the byte that ends either is skipped.  The caller
// applies limits::kSmtpMaxArgs as it processes them in order.
std::vector<EsmtpParam> esmtp_params(std::string_view rest);

// sendmail's check of an EHLO/HELO argument (RFC 1123 5.2.5): the name,
// or nullopt when it is not a plausible domain (letters, digits and
// "[].-_#:", trailing blanks allowed).
std::optional<std::string> helo_name(std::string_view arg);

}  // namespace smcf::smtp_server
