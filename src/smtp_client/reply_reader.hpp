// reply_reader.hpp -- the client side of one SMTP connection: a TCP
// connection made within a deadline, commands written within one, and
// replies read within one ("250-..." continuation lines up to the "250 "
// that ends the reply).
//
// Everything the peer sends is bounded: a line longer than
// kMaxReplyLine (reply_reader.cpp) is cut there and the rest of it
// dropped, and a reply that goes on for more than kMaxReplyBytes in all
// is given up as a protocol failure -- a peer that sends megabytes of
// garbage costs a bounded amount of memory and time, never more.
// Lines that are not replies (no three digits) are skipped, as sendmail's
// reply() skips them.  No TLS, no SASL.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace smcf::smtp_client {

// Why a reply could not be read (or a connection made, a command sent).
enum class IoError {
  None,
  Timeout,   // the deadline passed (ETIMEDOUT)
  Closed,    // the peer closed the connection (sendmail: ECONNRESET)
  TooLong,   // the reply passed kMaxReplyBytes
  System,    // another errno (connect(), read(), write())
};

struct Reply {
  int code = -1;                   // the reply code, -1 when none was read
  std::vector<std::string> lines;  // every line of the reply, without CRLF
  IoError error = IoError::None;
  int err_no = 0;                  // errno for IoError::System

  bool ok() const { return error == IoError::None && code >= 0; }
  int type() const { return code / 100; }  // REPLYTYPE()
  // The first line: what sendmail keeps (SmtpReplyBuffer).
  const std::string& first() const;
};

class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&& o) noexcept;
  Connection& operator=(Connection&& o) noexcept;

  // Connects to a numeric IPv4 or IPv6 address within `timeout_s`
  // seconds; on failure returns false with `error` and `err_no` set.
  bool open(const std::string& address, int port, long timeout_s, IoError& error, int& err_no);
  bool is_open() const { return fd_ >= 0; }
  void close();

  // Writes all of `bytes` within `timeout_s` seconds.
  bool send(std::string_view bytes, long timeout_s, IoError& error, int& err_no);
  // Reads one whole reply within `timeout_s` seconds.
  Reply read_reply(long timeout_s);

 private:
  // Reads more input into buf_ until `deadline_ms` (a monotonic time).
  IoError fill(long long deadline_ms, int& err_no);
  // One line (without its CRLF), cut at kMaxReplyLine; `consumed`
  // counts the bytes it took from the peer.
  IoError read_line(std::string& line, long long deadline_ms, std::size_t& consumed, int& err_no);

  int fd_ = -1;
  std::string buf_;    // read but not yet used; never more than one read's worth
  std::size_t pos_ = 0;
};

}  // namespace smcf::smtp_client
