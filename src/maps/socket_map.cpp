// socket_map.cpp -- the socket class (map.c socket_map_open/lookup): the
// sendmail socketmap protocol over a unix or TCP socket.  Request
// "LEN:MAPNAME KEY," and reply "LEN:STATUS[ VALUE]," (netstrings); STATUS
// OK, NOTFOUND, TEMP, TIMEOUT, PERM.  Maps with the same socket spec share
// one connection per session.
//
// Timeouts: connecting, and each read or write, wait at most the map's -d
// seconds, else 30 s (sendmail's default for reads and writes; sendmail
// connects without a timeout).  Replies are limited to 1,000,000 bytes.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"
#include "maps/safe_file.hpp"

namespace smcf::maps {
namespace {

constexpr unsigned kMaxReply = 1000000;  // SOCKETMAP_MAXL

// One connection, with a small read buffer and per-operation timeouts.
class Connection {
 public:
  explicit Connection(int fd, int timeout_ms) : fd_(fd), timeout_ms_(timeout_ms) {}
  ~Connection() { close(); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool is_open() const { return fd_ >= 0; }

  bool write_all(std::string_view data) {
    while (!data.empty()) {
      if (!wait(POLLOUT)) return false;
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Next byte, or -1 at EOF / error (errno EAGAIN on timeout, 0 at EOF).
  int getc() {
    if (pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
      if (!wait(POLLIN)) return -1;
      char tmp[4096];
      ssize_t n;
      do n = ::recv(fd_, tmp, sizeof tmp, 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0) {
        if (n == 0) errno = 0;
        return -1;
      }
      buf_.assign(tmp, static_cast<std::size_t>(n));
    }
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  void ungetc() { --pos_; }

 private:
  bool wait(short events) {
    pollfd p{fd_, events, 0};
    for (;;) {
      int r = ::poll(&p, 1, timeout_ms_);
      if (r > 0) return true;
      if (r == 0) {
        errno = EAGAIN;
        return false;
      }
      if (errno != EINTR) return false;
    }
  }

  int fd_;
  int timeout_ms_;
  std::string buf_;
  std::size_t pos_ = 0;
};

// The session's connections, by socket spec (sendmail's ST_SOCKETMAP).
std::map<std::pair<const MapSession*, std::string>, std::weak_ptr<Connection>>& connection_table() {
  static thread_local std::map<std::pair<const MapSession*, std::string>, std::weak_ptr<Connection>> table;
  return table;
}

// Non-blocking connect with a timeout; -1 with errno on failure.
int connect_with_timeout(const sockaddr* addr, socklen_t len, int timeout_ms) {
  int fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int r = ::connect(fd, addr, len);
  if (r < 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    r = ::poll(&p, 1, timeout_ms);
    int err = 0;
    socklen_t el = sizeof err;
    if (r <= 0) {
      err = r == 0 ? ETIMEDOUT : errno;
    } else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0) {
      err = errno;
    }
    r = err == 0 ? 0 : -1;
    errno = err;
  }
  if (r < 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  ::fcntl(fd, F_SETFL, flags);
  return fd;
}

class SocketMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;

  bool open(MapSession& s) override {
    Reporter& rep = s.reporter();
    const std::string spec(c_str_view(decl_.file.value_or("")));
    if (spec.empty()) {
      rep.syserr("socket-map-spec", fmt::format("socket map \"{}\": empty or missing socket information", decl_.name));
      return false;
    }
    auto& slot = connection_table()[{&s, spec}];
    if (auto c = slot.lock(); c && c->is_open()) {
      conn_ = c;
      return true;
    }
    const int tmo = decl_.timeout > 0 ? static_cast<int>(decl_.timeout * 1000) : 30000;
    int family = AF_UNIX;
    std::string rest = spec;
    if (auto colon = spec.find(':'); colon != std::string::npos) {
      std::string proto = spec.substr(0, colon);
      rest = spec.substr(colon + 1);
      if (proto.empty() || equals_nocase(proto, "unix") || equals_nocase(proto, "local")) {
        family = AF_UNIX;
      } else if (equals_nocase(proto, "inet")) {
        family = AF_INET;
      } else if (equals_nocase(proto, "inet6")) {
        family = AF_INET6;
      } else {
        rep.syserr("socket-map-type", fmt::format("socket map \"{}\": unknown socket type {}", decl_.name, proto),
                   EPROTONOSUPPORT);
        return false;
      }
    }
    int fd = -1;
    if (family == AF_UNIX) {
      sockaddr_un un{};
      if (rest.size() >= sizeof un.sun_path) {
        rep.syserr("socket-map-long", fmt::format("socket map \"{}\": local socket name {} too long", decl_.name, rest));
        return false;
      }
      std::string real = s.system().real_path(rest);
      SafeFileChecks checks;
      checks.regular_only = false;
      if (SafeFileResult sf = check_map_file(s.system(), rest, checks); sf.error != 0) {
        syserr_errno(rep, "socket-map-unsafe",
                     fmt::format("socket map \"{}\": local socket name {} unsafe", decl_.name, rest), sf.error);
        return false;
      }
      un.sun_family = AF_UNIX;
      std::strncpy(un.sun_path, real.c_str(), sizeof un.sun_path - 1);
      fd = connect_with_timeout(reinterpret_cast<sockaddr*>(&un), sizeof un, tmo);
    } else {
      fd = connect_inet(s, family, rest, tmo);
    }
    if (fd < 0) return false;
    conn_ = std::make_shared<Connection>(fd, tmo);
    slot = conn_;
    return true;
  }

  std::optional<std::string> lookup(MapSession& s, std::string& name, const MapArgs* args, int& status) override {
    Reporter& rep = s.reporter();
    if (!conn_ || !conn_->is_open()) {
      // Another map closed the shared connection: sendmail marks every map
      // using it closed, so this lookup opens it again.
      if (!open(s)) {
        if (!decl_.flags.optional) {
          disable_ = Disable::Bogus;
          status = kStatTempFail;
        } else {
          disable_ = Disable::Invalid;
        }
        return std::nullopt;
      }
    }
    std::string key(c_str_view(name));
    if (!decl_.flags.no_fold_case) key = lower_key(key.substr(0, std::min(key.size(), kMaxKeyBytes)));
    const std::string id = fmt::format("socket_map_lookup({})", decl_.name);
    Connection& c = *conn_;
    std::string request = fmt::format("{}:{} {},", decl_.name.size() + 1 + key.size(), decl_.name, key);
    if (!c.write_all(request)) {
      rep.syserr("socket-map-send", fmt::format("451 4.3.0 {}: failed to send lookup request", id), errno);
      return fail(status);
    }
    // "%9u": blanks, then up to 9 digits.
    int ch;
    while ((ch = c.getc()) >= 0 && is_space(static_cast<unsigned char>(ch))) {}
    unsigned replylen = 0;
    int digits = 0;
    while (ch >= 0 && is_digit(static_cast<unsigned char>(ch)) && digits < 9) {
      replylen = replylen * 10 + static_cast<unsigned>(ch - '0');
      ++digits;
      ch = c.getc();
    }
    if (ch >= 0) c.ungetc();
    if (digits == 0) {
      int e = errno;
      if (e == EAGAIN)
        rep.syserr("socket-map-timeout", fmt::format("451 4.3.0 {}: read timeout", id), e);
      else if (ch >= 0)
        rep.syserr("socket-map-length",
                   fmt::format("451 4.3.0 {}: failed to read length parameter of reply {}", id, e), e);
      return fail(status);  // at EOF sendmail only logs
    }
    if (replylen > kMaxReply) {
      rep.syserr("socket-map-too-long", fmt::format("451 4.3.0 {}: reply too long: {}", id, replylen));
      return fail(status);
    }
    if (c.getc() != ':') {
      rep.syserr("socket-map-colon", fmt::format("451 4.3.0 {}: missing ':' in reply", id));
      status = kStatTempFail;
      return std::nullopt;
    }
    std::string reply;
    while (reply.size() < replylen && (ch = c.getc()) >= 0) reply.push_back(static_cast<char>(ch));
    if (reply.size() < replylen) {
      rep.syserr("socket-map-short", fmt::format("451 4.3.0 {}: received only {} of {} reply characters", id,
                                                 reply.size(), replylen));
      return fail(status);
    }
    if (c.getc() != ',') {
      rep.syserr("socket-map-comma", fmt::format("451 4.3.0 {}: missing ',' in reply", id));
      return fail(status);
    }
    std::string_view r = c_str_view(reply);
    std::string_view st = r, value;
    if (auto sp = r.find(' '); sp != std::string_view::npos) {
      st = r.substr(0, sp);
      value = r.substr(sp + 1);
    }
    if (st == "OK") {
      status = kStatOk;
      if (decl_.flags.match_only) return map_rewrite(decl_, key, key, nullptr);
      return map_rewrite(decl_, value, name, args);
    }
    if (st == "NOTFOUND")
      status = kStatNotFound;
    else if (st == "TEMP" || st == "TIMEOUT")
      status = kStatTempFail;
    else if (st == "PERM")
      status = kStatUnavailable;
    else
      status = kStatProtocol;
    return std::nullopt;
  }

 private:
  int connect_inet(MapSession& s, int family, const std::string& rest, int tmo) {
    Reporter& rep = s.reporter();
    auto at = rest.find('@');
    if (at == std::string::npos) {
      rep.syserr("socket-map-address",
                 fmt::format("socket map \"{}\": bad address {} (expected port@host)", decl_.name, rest));
      return -1;
    }
    std::string port_text = rest.substr(0, at), host = rest.substr(at + 1);
    unsigned short port = 0;
    if (!port_text.empty() && is_digit(static_cast<unsigned char>(port_text[0]))) {
      port = static_cast<unsigned short>(parse_atoi(port_text));
    } else {
      servent* sp = ::getservbyname(port_text.c_str(), "tcp");
      if (!sp) {
        rep.syserr("socket-map-port", fmt::format("socket map \"{}\": unknown port name {}", decl_.name, port_text));
        return -1;
      }
      port = ntohs(static_cast<unsigned short>(sp->s_port));
    }
    std::string addr_text;
    if (!host.empty() && host[0] == '[') {
      auto end = host.find(']');
      if (end != std::string::npos) addr_text = host.substr(1, end - 1);
      unsigned char probe[16];
      if (end == std::string::npos ||
          ::inet_pton(family, family == AF_INET6 && addr_text.rfind("IPv6:", 0) == 0 ? addr_text.c_str() + 5
                                                                                     : addr_text.c_str(),
                      probe) != 1) {
        rep.syserr("socket-map-numeric",
                   fmt::format("socket map \"{}\": Invalid numeric domain spec \"{}\"", decl_.name, host));
        return -1;
      }
      if (family == AF_INET6 && addr_text.rfind("IPv6:", 0) == 0) addr_text.erase(0, 5);
    } else if (unsigned char probe[16]; ::inet_pton(AF_INET, host.c_str(), probe) == 1 ||
                                          ::inet_pton(AF_INET6, host.c_str(), probe) == 1) {
      addr_text = host;  // a numeric address needs no name lookup
      family = host.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    } else {
      auto h = s.system().host_by_name(host);
      if (!h) {
        rep.syserr("socket-map-host", fmt::format("socket map \"{}\": Unknown host name {}", decl_.name, host));
        return -1;
      }
      addr_text = h->address;
      family = addr_text.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    }
    if (family == AF_INET) {
      sockaddr_in in{};
      in.sin_family = AF_INET;
      in.sin_port = htons(port);
      if (::inet_pton(AF_INET, addr_text.c_str(), &in.sin_addr) != 1) return -1;
      return connect_with_timeout(reinterpret_cast<sockaddr*>(&in), sizeof in, tmo);
    }
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    if (::inet_pton(AF_INET6, addr_text.c_str(), &in6.sin6_addr) != 1) return -1;
    return connect_with_timeout(reinterpret_cast<sockaddr*>(&in6), sizeof in6, tmo);
  }

  // errcl: a broken exchange closes the connection for every map using it.
  std::optional<std::string> fail(int& status) {
    status = kStatTempFail;
    if (conn_) conn_->close();
    return std::nullopt;
  }

  std::shared_ptr<Connection> conn_;
};

}  // namespace

std::unique_ptr<MapImpl> make_socket_map(const MapDecl& d) { return std::make_unique<SocketMap>(d); }

}  // namespace smcf::maps
