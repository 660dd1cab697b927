// tls_server.cpp -- STARTTLS through a pump thread (see tls_server.hpp).
#include "smtp_server/tls_server.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "ir/options.hpp"

namespace smcf::smtp_server {
namespace {

// How long the pump waits in one poll before it looks again (it ends when
// either side closes; this only bounds a wait for a half-sent record).
constexpr int kPumpPollMs = 1000;

std::string name_of(X509_NAME* n) {
  if (!n) return {};
  char buf[1024];
  X509_NAME_oneline(n, buf, sizeof buf);
  return buf;
}

bool set_nonblocking(int fd) {
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && ::fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
}

// Waits until SSL can go on after WANT_READ / WANT_WRITE; false on timeout.
bool wait_ssl(int err, int rfd, int wfd, int ms) {
  pollfd p{err == SSL_ERROR_WANT_WRITE ? wfd : rfd,
           static_cast<short>(err == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN), 0};
  int r;
  do r = ::poll(&p, 1, ms);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EAGAIN) {
      pollfd q{fd, POLLOUT, 0};
      ::poll(&q, 1, kPumpPollMs);
      continue;
    }
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool ssl_write_all(SSL* ssl, int rfd, int wfd, const char* p, std::size_t n) {
  while (n > 0) {
    int w = SSL_write(ssl, p, static_cast<int>(n));
    if (w > 0) {
      p += w;
      n -= static_cast<std::size_t>(w);
      continue;
    }
    int err = SSL_get_error(ssl, w);
    if ((err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) && wait_ssl(err, rfd, wfd, kPumpPollMs))
      continue;
    return false;
  }
  return true;
}

}  // namespace

struct TlsServer::State {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  int tls_in = -1, tls_out = -1;  // the connection, moved aside
  int plain = -1;                  // the pump's end of the socketpair
  int session_in = -1, session_out = -1;  // the descriptors the session uses
  std::thread pump;

  ~State() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
    for (int fd : {tls_in, tls_out, plain})
      if (fd >= 0) ::close(fd);
  }

  void run_pump() {
    char buf[16384];
    bool from_client_open = true;
    for (;;) {
      if (from_client_open && SSL_pending(ssl) == 0) {
        pollfd p[2] = {{tls_in, POLLIN, 0}, {plain, POLLIN, 0}};
        int r = ::poll(p, 2, kPumpPollMs);
        if (r < 0 && errno != EINTR) break;
        if (r <= 0) continue;
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
          ssize_t n = ::read(plain, buf, sizeof buf);
          if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
          if (n <= 0) break;  // the session is over
          if (!ssl_write_all(ssl, tls_in, tls_out, buf, static_cast<std::size_t>(n))) break;
          continue;
        }
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      } else if (!from_client_open) {
        // The client closed its side: pass on what the session still says.
        ssize_t n = ::read(plain, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (!ssl_write_all(ssl, tls_in, tls_out, buf, static_cast<std::size_t>(n))) break;
        continue;
      }
      int n = SSL_read(ssl, buf, sizeof buf);
      if (n > 0) {
        if (!write_all(plain, buf, static_cast<std::size_t>(n))) break;
        continue;
      }
      int err = SSL_get_error(ssl, n);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;
      // End of the client's data (close_notify or a dropped connection):
      // the session sees end of input.
      ::shutdown(plain, SHUT_WR);
      from_client_open = false;
    }
    SSL_shutdown(ssl);
  }
};

std::unique_ptr<TlsServer> TlsServer::create(const OptionSettings& options, std::string* why) {
  std::optional<std::string> cert = option_value(options, "ServerCertFile");
  std::optional<std::string> key = option_value(options, "ServerKeyFile");
  if (!cert || !key || cert->empty() || key->empty()) {
    if (why) *why = "no ServerCertFile/ServerKeyFile";
    return nullptr;
  }
  // The server gets no TLS from sendmail 8.17.1.9 unless both CACertFile
  // and CACertPath are set (tried: either alone leaves STARTTLS unoffered),
  // whatever the certificate.
  std::optional<std::string> ca_file = option_value(options, "CACertFile");
  std::optional<std::string> ca_path = option_value(options, "CACertPath");
  if (!ca_file || !ca_path) {
    if (why) *why = "CACertFile and CACertPath are both needed";
    return nullptr;
  }
  std::unique_ptr<TlsServer> t(new TlsServer);
  t->state_ = std::make_unique<State>();
  State& s = *t->state_;
  s.ctx = SSL_CTX_new(TLS_server_method());
  if (!s.ctx || SSL_CTX_use_certificate_chain_file(s.ctx, cert->c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(s.ctx, key->c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(s.ctx) != 1) {
    if (why) *why = fmt::format("cannot use {} / {}: {}", *cert, *key, ERR_reason_error_string(ERR_get_error()));
    return nullptr;
  }
  if (ca_file || ca_path)
    SSL_CTX_load_verify_locations(s.ctx, ca_file ? ca_file->c_str() : nullptr, ca_path ? ca_path->c_str() : nullptr);
  // Ask for a client certificate without requiring one ({verify} NO when
  // none comes), as sendmail does by default.
  SSL_CTX_set_verify(s.ctx, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, [](int, X509_STORE_CTX*) { return 1; });
  return t;
}

std::optional<TlsInfo> TlsServer::start(int read_fd, int write_fd, int timeout_seconds) {
  State& s = *state_;
  if (pump_started_) return std::nullopt;
  s.tls_in = ::dup(read_fd);
  s.tls_out = read_fd == write_fd ? s.tls_in : ::dup(write_fd);
  if (s.tls_in < 0 || s.tls_out < 0 || !set_nonblocking(s.tls_in) || !set_nonblocking(s.tls_out)) return std::nullopt;
  s.ssl = SSL_new(s.ctx);
  if (!s.ssl) return std::nullopt;
  SSL_set_rfd(s.ssl, s.tls_in);
  SSL_set_wfd(s.ssl, s.tls_out);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    int r = SSL_accept(s.ssl);
    if (r == 1) break;
    int err = SSL_get_error(s.ssl, r);
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if ((err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) || left <= 0 ||
        !wait_ssl(err, s.tls_in, s.tls_out, left))
      return std::nullopt;
  }
  TlsInfo info;
  info.version = SSL_get_version(s.ssl);
  const SSL_CIPHER* c = SSL_get_current_cipher(s.ssl);
  int alg = 0;
  int bits = c ? SSL_CIPHER_get_bits(c, &alg) : 0;
  info.cipher = c ? SSL_CIPHER_get_name(c) : "";
  info.cipher_bits = std::to_string(bits);
  info.alg_bits = std::to_string(alg);
  if (X509* peer = SSL_get_peer_certificate(s.ssl)) {
    info.verify = SSL_get_verify_result(s.ssl) == X509_V_OK ? "OK" : "FAIL";
    info.cert_subject = name_of(X509_get_subject_name(peer));
    info.cert_issuer = name_of(X509_get_issuer_name(peer));
    X509_free(peer);
  } else {
    info.verify = "NO";
  }
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return std::nullopt;
  s.plain = sv[1];
  ::dup2(sv[0], read_fd);
  if (write_fd != read_fd) ::dup2(sv[0], write_fd);
  ::close(sv[0]);
  s.session_in = read_fd;
  s.session_out = write_fd;
  s.pump = std::thread([&s] { s.run_pump(); });
  pump_started_ = true;
  return info;
}

void TlsServer::finish() {
  if (!pump_started_ || !state_ || !state_->pump.joinable()) return;
  // The session's descriptors are the pump's input: closing them (onto
  // /dev/null, so the numbers stay taken) is its end of data.
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, state_->session_in);
    if (state_->session_out != state_->session_in) ::dup2(null, state_->session_out);
    ::close(null);
  }
  state_->pump.join();
}

TlsServer::~TlsServer() { finish(); }

}  // namespace smcf::smtp_server
