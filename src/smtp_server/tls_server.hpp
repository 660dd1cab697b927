// tls_server.hpp -- STARTTLS for the SMTP server, with OpenSSL.
//
// The session reads and writes plain descriptors (SmtpChannel, the
// Reporter's Output) and stays that way after STARTTLS: the handshake is
// made on the connection's descriptors, which are then moved aside and
// replaced (dup2) by one end of a socketpair; a thread pumps bytes between
// the other end and the TLS connection.  So the session code has one path
// for clear and encrypted connections, and nothing of TLS leaks into it.
//
// The certificate and key are the cf's ServerCertFile and ServerKeyFile
// (CACertFile / CACertPath for the client certificates the server asks
// for, as sendmail does).
#pragma once
#include <memory>
#include <optional>
#include <string>

namespace smcf {
struct OptionSettings;
}

namespace smcf::smtp_server {

// What the handshake gave, as sendmail's macros show it.
struct TlsInfo {
  std::string version;      // {tls_version}: "TLSv1.3"
  std::string cipher;       // {cipher}
  std::string cipher_bits;  // {cipher_bits}
  std::string alg_bits;     // {alg_bits}
  std::string verify;       // {verify}: "NO" (no client certificate), "OK", "FAIL"
  std::string cert_subject; // {cert_subject}, {cert_issuer}: of the client's certificate
  std::string cert_issuer;
};

class TlsServer {
 public:
  // nullptr when the options name no certificate and key, or OpenSSL
  // refuses them (*why says why): STARTTLS is then not offered.
  static std::unique_ptr<TlsServer> create(const OptionSettings& options, std::string* why);
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  // The handshake on (read_fd, write_fd), within timeout_seconds; on
  // success both descriptors are the plain end of the pump from then on.
  std::optional<TlsInfo> start(int read_fd, int write_fd, int timeout_seconds);
  bool active() const { return pump_started_; }

  // Sends what the session wrote, closes the TLS connection and waits for
  // the pump (the session is over).  Also done by the destructor.
  void finish();

 private:
  TlsServer() = default;
  struct State;
  std::unique_ptr<State> state_;
  bool pump_started_ = false;
};

}  // namespace smcf::smtp_server
