// daemon.cpp -- the listening sockets and the process per connection of
// `smcf -bd` (see daemon.hpp).
#include "smtp_server/daemon.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "ir/options.hpp"
#include "read/options.hpp"

namespace smcf::smtp_server {
namespace {

// sendmail's Listen= default: the backlog of connections not yet accepted.
constexpr int kListenBacklog = 10;
// How often the accept loop wakes to reap children and see a stop signal.
constexpr int kPollMs = 500;

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

int service_port(std::string_view v) {
  if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return static_cast<int>(parse_atol(v));
  std::string name(v);
  if (const servent* se = ::getservbyname(name.c_str(), "tcp")) return ntohs(static_cast<uint16_t>(se->s_port));
  if (equals_nocase(v, "smtp")) return 25;
  if (equals_nocase(v, "submission")) return 587;
  return -1;
}

// Addr=: a numeric address of the daemon's family, or a host name the
// hosts file / resolver knows.
std::optional<std::string> daemon_address(std::string_view v, int family, const System& sys) {
  std::string text(v);
  unsigned char buf[sizeof(in6_addr)];
  if (::inet_pton(family, text.c_str(), buf) == 1) return text;
  if (auto h = sys.host_by_name(text)) {
    if (::inet_pton(family, h->address.c_str(), buf) == 1) return h->address;
  }
  return std::nullopt;
}

DaemonSpec parse_spec(std::string_view value, int index, const System& sys, Reporter& rep, bool& ok) {
  DaemonSpec d;
  d.name = fmt::format("Daemon{}", index);
  d.family = AF_INET;
  std::optional<std::string_view> addr, port;
  std::size_t p = 0;
  while (p < value.size()) {
    while (p < value.size() && value[p] == ' ') ++p;
    std::size_t end = value.find(',', p);
    if (end == std::string_view::npos) end = value.size();
    std::string_view field = value.substr(p, end - p);
    p = end + 1;
    std::size_t eq = field.find('=');
    if (field.empty() || eq == std::string_view::npos) continue;
    std::string_view v = field.substr(eq + 1);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    switch (field[0]) {
      case 'A': case 'a': addr = v; break;
      case 'F': case 'f':
        if (equals_nocase(v, "inet6")) d.family = AF_INET6;
        else if (equals_nocase(v, "inet")) d.family = AF_INET;
        else {
          rep.syserr("daemon-family", fmt::format("554 5.3.5 Daemon {}: family {} is not supported", d.name, v));
          ok = false;
        }
        break;
      case 'M': case 'm': d.flags = option_detail::daemon_modifiers(v); break;
      case 'N': case 'n': d.name = std::string(v); break;
      case 'P': case 'p': port = v; break;
      default: break;  // buffer sizes, filters, delivery mode: not used by smcf's daemon
    }
  }
  if (port) {
    d.port = service_port(*port);
    if (d.port <= 0 || d.port > 65535) {
      rep.syserr("daemon-port", fmt::format("554 5.3.5 Daemon {}: invalid port {}", d.name, *port));
      ok = false;
    }
  }
  if (addr && !addr->empty()) {
    std::optional<std::string> a = daemon_address(*addr, d.family, sys);
    if (!a) {
      rep.syserr("daemon-addr", fmt::format("554 5.3.5 Daemon {}: host \"{}\" unknown", d.name, *addr));
      ok = false;
    } else {
      d.address = *a;
    }
  }
  return d;
}

int open_listener(const DaemonSpec& d, Reporter& rep) {
  int fd = ::socket(d.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    rep.syserr("daemon-socket", fmt::format("daemon {}: cannot create socket", d.name), errno);
    return -1;
  }
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (d.family == AF_INET6) {
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<uint16_t>(d.port));
    a->sin6_addr = in6addr_any;
    if (!d.address.empty()) ::inet_pton(AF_INET6, d.address.c_str(), &a->sin6_addr);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<uint16_t>(d.port));
    a->sin_addr.s_addr = htonl(INADDR_ANY);
    if (!d.address.empty()) ::inet_pton(AF_INET, d.address.c_str(), &a->sin_addr);
    len = sizeof *a;
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0 || ::listen(fd, kListenBacklog) < 0) {
    rep.syserr("daemon-bind", fmt::format("opendaemonsocket: daemon {}: cannot bind", d.name), errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

int reap_children() {
  int reaped = 0;
  while (::waitpid(-1, nullptr, WNOHANG) > 0) ++reaped;
  return reaped;
}

}  // namespace

std::vector<DaemonSpec> daemon_specs(const OptionSettings& options, const System& sys, Reporter& rep) {
  std::vector<DaemonSpec> out;
  int index = 0;
  for (const OptionSetting& s : options.settings) {
    if (s.ignored || !equals_nocase(s.name, "DaemonPortOptions")) continue;
    bool ok = true;
    DaemonSpec d = parse_spec(s.value, index++, sys, rep, ok);
    if (ok) out.push_back(std::move(d));
  }
  if (index == 0) {
    DaemonSpec d;
    d.name = "Daemon0";
    d.family = AF_INET;
    out.push_back(d);
  }
  return out;
}

DaemonMacros daemon_macros(const DaemonSpec& d) {
  DaemonMacros m;
  m.name = d.name;
  m.addr = d.address.empty() ? (d.family == AF_INET6 ? "IPv6:0:0:0:0:0:0:0:0" : "0.0.0.0") : d.address;
  m.port = std::to_string(d.port);
  m.family = d.family == AF_INET6 ? "inet6" : "inet";
  m.flags = d.flags;
  return m;
}

int run_daemon(const std::vector<DaemonSpec>& daemons, const DaemonLimits& limits, Reporter& rep,
               const std::function<int(int fd, const DaemonSpec& d)>& serve) {
  std::vector<pollfd> fds;
  std::vector<const DaemonSpec*> owner;
  for (const DaemonSpec& d : daemons) {
    int fd = open_listener(d, rep);
    if (fd < 0) continue;
    fds.push_back({fd, POLLIN, 0});
    owner.push_back(&d);
  }
  if (fds.empty()) return exitstat::kOsErr;

  g_stop = 0;
  struct sigaction sa{};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  int children = 0;
  while (!g_stop) {
    children -= reap_children();
    if (children < 0) children = 0;
    // At MaxDaemonChildren new connections wait in the backlog (sendmail
    // refuses connections for a while) until a process is done.
    if (limits.max_children > 0 && children >= limits.max_children) {
      ::poll(nullptr, 0, 50);
      continue;
    }
    int r = ::poll(fds.data(), fds.size(), kPollMs);
    if (r <= 0) continue;
    for (std::size_t i = 0; i < fds.size() && !g_stop; ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      int conn = ::accept4(fds[i].fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn < 0) continue;
      rep.flush_output();
      pid_t pid = ::fork();
      if (pid == 0) {
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGINT, SIG_DFL);
        for (const pollfd& l : fds) ::close(l.fd);
        int rc = serve(conn, *owner[i]);
        ::_exit(rc);
      }
      ::close(conn);
      if (pid > 0) ++children;
    }
  }
  for (const pollfd& l : fds) ::close(l.fd);
  return exitstat::kOk;
}

}  // namespace smcf::smtp_server
