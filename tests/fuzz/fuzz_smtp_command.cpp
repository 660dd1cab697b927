// fuzz_smtp_command.cpp -- libFuzzer target: the SMTP server's input side
// on any bytes a peer can send.  The bytes are the connection (a memfd the
// channel reads as it would a socket): command lines are split into
// command, word and argument, MAIL/RCPT arguments through skip_word() and
// esmtp_params(), HELO names through helo_name(); a DATA command reads a
// message body.  Never a crash, and the stated bounds hold: a line is never
// longer than the limit it was read with, the pieces of a command are
// pieces of its line, parameter keywords are letters, digits and '-'.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/limits.hpp"
#include "base/output.hpp"
#include "smtp_server/smtp_channel.hpp"
#include "smtp_server/smtp_command.hpp"

namespace {

using namespace smcf::smtp_server;

void check(bool ok) {
  if (!ok) std::abort();
}

void parse_mail_or_rcpt(const CommandLine& c) {
  std::optional<std::string> rest = skip_word(c.arg, c.command == Command::Mail ? "from" : "to");
  if (!rest) return;
  check(rest->size() <= c.arg.size());
  // The parameters begin after the address; any split point will do for
  // the parser, so try them all on short arguments.
  for (std::size_t cut = 0; cut <= rest->size() && cut < 64; ++cut) {
    for (const EsmtpParam& p : esmtp_params(std::string_view(*rest).substr(cut))) {
      for (char ch : p.keyword) check((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-');
      if (p.value) check(p.value->find(' ') == std::string::npos);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int fd = ::memfd_create("smtp-fuzz", 0);
  if (fd < 0) return 0;
  if (size > 0 && ::write(fd, data, size) != static_cast<ssize_t>(size)) {
    ::close(fd);
    return 0;
  }
  ::lseek(fd, 0, SEEK_SET);
  smcf::Output out;
  SmtpChannel channel(fd, out);
  const std::size_t max_line = smcf::limits::kSmtpInputLine - 1;
  std::string line;
  for (int commands = 0; commands < 10000; ++commands) {
    bool too_long = false;
    LineEnd ending = LineEnd::None;
    if (channel.read_line(1, max_line, line, &too_long, &ending) != ReadStatus::Line) break;
    check(line.size() <= max_line);
    CommandLine c = split_command(line);
    check(c.word.size() <= line.size() && c.arg.size() <= line.size());
    switch (c.command) {
      case Command::Mail:
      case Command::Rcpt: parse_mail_or_rcpt(c); break;
      case Command::Helo:
      case Command::Ehlo:
        if (auto name = helo_name(c.arg)) check(name->size() <= c.arg.size());
        break;
      case Command::Data: {
        std::string text;
        bool too_big = false;
        ReadStatus st = channel.read_data(1, 1 << 16, text, &too_big);
        check(text.size() <= (1 << 16));
        if (st != ReadStatus::Line && st != ReadStatus::BareLf && st != ReadStatus::BareCr) goto done;
        break;
      }
      default: break;
    }
    (void)channel.input_pending(0);
  }
done:
  ::close(fd);
  return 0;
}
