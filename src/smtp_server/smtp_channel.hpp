// smtp_channel.hpp -- the server's side of one SMTP connection: command
// lines and the DATA text read from a descriptor, every read bounded in
// time (the cf's Timeout.command / Timeout.datablock) and in bytes
// (base/limits.hpp), so a peer that talks slowly, never stops talking or
// sends garbage costs a bounded amount of memory and time.
//
// Replies go out through the Reporter's Output (it is flushed before each
// read, as sendmail flushes before sfgets()).
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace smcf {
class Output;
}

namespace smcf::smtp_server {

enum class ReadStatus { Line, Eof, Timeout, Error };

class SmtpChannel {
 public:
  SmtpChannel(int in_fd, Output& out) : fd_(in_fd), out_(out) {}

  // One command line without its CR LF / LF.  A line longer than
  // `max_len` comes back cut to `max_len` bytes with *too_long set (the
  // rest of it is read and dropped).
  ReadStatus read_line(int timeout_seconds, std::size_t max_len, std::string& line, bool* too_long);

  // Whether input arrives within `wait_ms` (sendmail's greet_pause and
  // early-talker test).  Nothing is consumed.
  bool input_pending(int wait_ms);

  // The DATA text up to the line ".", dot-stuffing undone, lines ended
  // with LF.  Beyond `max_bytes` the text is read and dropped and
  // *too_big is set, so the dialogue stays in step.
  ReadStatus read_data(int timeout_seconds, std::size_t max_bytes, std::string& text, bool* too_big);

  Output& out() { return out_; }

 private:
  // Fills the buffer; false at EOF, timeout or error (status set).
  bool fill(int timeout_seconds, ReadStatus& status);

  int fd_;
  Output& out_;
  std::string buf_;
  std::size_t pos_ = 0;
};

}  // namespace smcf::smtp_server
