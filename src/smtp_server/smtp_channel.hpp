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

// BareLf / BareCr: the DATA text had a line ended by LF alone, or a CR
// not followed by LF -- refused, as the sendmail Debian ships refuses
// them (an SMTP smuggling defence).
enum class ReadStatus { Line, Eof, Timeout, Error, BareLf, BareCr };
// How a line read ended: end of input, LF alone, or CR LF.
enum class LineEnd { None, Lf, CrLf };

class SmtpChannel {
 public:
  // out_fd: the descriptor `out` writes to (STARTTLS moves it); -1: in_fd.
  SmtpChannel(int in_fd, Output& out, int out_fd = -1) : fd_(in_fd), out_fd_(out_fd < 0 ? in_fd : out_fd), out_(out) {}

  // One command line without its CR LF / LF.  A line longer than
  // `max_len` comes back cut to `max_len` bytes with *too_long set (the
  // rest of it is read and dropped).
  // *ending (when given) tells how the line ended.
  ReadStatus read_line(int timeout_seconds, std::size_t max_len, std::string& line, bool* too_long,
                       LineEnd* ending = nullptr);

  // Whether input arrives within `wait_ms` (sendmail's greet_pause and
  // early-talker test).  Nothing is consumed.
  bool input_pending(int wait_ms);

  // The DATA text up to the line ".", dot-stuffing undone, lines ended
  // with LF.  Beyond `max_bytes` the text is read and dropped and
  // *too_big is set, so the dialogue stays in step.  A bare LF or CR
  // ends the read at once (BareLf, BareCr).
  ReadStatus read_data(int timeout_seconds, std::size_t max_bytes, std::string& text, bool* too_big);

  Output& out() { return out_; }
  int fd() const { return fd_; }
  int out_fd() const { return out_fd_; }
  // Drops what has been read and not yet used (after STARTTLS).
  void discard_input() {
    buf_.clear();
    pos_ = 0;
  }

 private:
  // Fills the buffer; false at EOF, timeout or error (status set).
  bool fill(int timeout_seconds, ReadStatus& status);

  int fd_;
  int out_fd_;
  Output& out_;
  std::string buf_;
  std::size_t pos_ = 0;
};

}  // namespace smcf::smtp_server
