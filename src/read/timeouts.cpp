// timeouts.cpp -- option values with a syntax of their own: time values
// (sendmail's convtime), the Timeout sub-options and QueueTimeout
// (settimeout, inittimeouts), and the network options DaemonPortOptions,
// ClientPortOptions and ConnectOnlyTo (setsockaddroptions).
//
// Most of these have no effect in -bt; they are parsed because sendmail
// reports bad values while it reads the cf, and smcf must print the same.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "read/context.hpp"
#include "read/option_table.hpp"
#include "read/options.hpp"

namespace smcf {

long convert_time(std::string_view text, char default_unit, Reporter& rep) {
  text = c_str_view(text);
  if (equals_nocase(text, "now")) return -1;
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  // Unsigned arithmetic: overflow wraps as sendmail's time_t does in practice.
  unsigned long total = 0;
  while (i < text.size()) {
    unsigned long n = 0;
    char unit = default_unit;
    while (i < text.size() && is_digit(static_cast<unsigned char>(text[i])))
      n = n * 10 + static_cast<unsigned long>(text[i++] - '0');
    if (i < text.size()) {
      // The byte after the number is its unit, whatever it is.
      char c = text[i++];
      if (c != '\0' && std::string_view("wdhms").find(c) != std::string_view::npos)
        unit = c;
      else
        rep.usrerr("option-bad-time-unit", fmt::format("Invalid time unit `{}'", c));
    }
    switch (unit) {
      case 'w': n *= 7; [[fallthrough]];
      default: n *= 24; [[fallthrough]];
      case 'h': n *= 60; [[fallthrough]];
      case 'm': n *= 60; [[fallthrough]];
      case 's': break;
    }
    total += n;
  }
  long r = static_cast<long>(total);
  return negative ? -r : r;
}

namespace option_detail {
namespace {

void store(ReadContext& ctx, std::string_view name, long seconds) {
  ctx.cf.options.timeouts[std::string(name)] = seconds;
}

void store_classes(ReadContext& ctx, std::string_view base, long seconds) {
  for (std::string_view cls : {"normal", "urgent", "non-urgent", "dsn"})
    store(ctx, fmt::format("{}.{}", base, cls), seconds);
}

// sendmail's (v4) inet_addr() acceptance: a dotted quad or its shorter
// and hexadecimal/octal forms; 255.255.255.255 counts as failure.
bool inet_addr_ok(const std::string& s) { return ::inet_addr(s.c_str()) != INADDR_NONE; }

// anynet_pton(AF_INET6): an optional "IPv6:" prefix, then inet_pton.
bool inet6_ok(std::string_view s) {
  if (s.size() >= 5 && equals_nocase(s.substr(0, 5), "IPv6:")) s.remove_prefix(5);
  std::string str(s);
  in6_addr a{};
  return ::inet_pton(AF_INET6, str.c_str(), &a) == 1;
}

// sm_gethostbyname(name, family) answered from the hosts database: an entry
// naming the host with an address of that family.
bool host_known(const System& sys, std::string_view name, int family) {
  std::string s(name);
  if (family == AF_INET) {
    in_addr a{};
    if (::inet_aton(s.c_str(), &a) != 0) return true;
  } else if (inet6_ok(name)) {
    return true;
  }
  for (const HostEntry& h : sys.hosts()) {
    bool v6 = h.address.find(':') != std::string::npos;
    if (v6 != (family == AF_INET6)) continue;
    for (const auto& n : h.names)
      if (equals_nocase(n, name)) return true;
  }
  return false;
}

}  // namespace

void set_timeout(ReadContext& ctx, std::string_view name, std::string_view value, bool sticky) {
  OptionSettings& o = ctx.cf.options;
  const TimeoutInfo* to = find_timeout(name);
  if (!to) {
    ctx.rep.syserr("option-bad-timeout", fmt::format("settimeout: invalid timeout {}", name));
    return;
  }
  if (!sticky && o.sticky_timeouts[to->code]) return;

  // sendmail converts with minutes first for every timeout, then again
  // with the timeout's own unit; a bad unit is therefore reported twice.
  long minutes = convert_time(value, 'm', ctx.rep);
  int related = 0;  // also stick the next codes (the classes of a group)
  switch (to->code) {
    case tocode::kQueueWarn:
      store_classes(ctx, "queuewarn", convert_time(value, 'h', ctx.rep));
      related = 2;
      break;
    case tocode::kQueueWarnNormal: case tocode::kQueueWarnUrgent:
    case tocode::kQueueWarnNonUrgent: case tocode::kQueueWarnDsn:
      store(ctx, to->name, convert_time(value, 'h', ctx.rep));
      break;
    case tocode::kQueueReturn:
      store_classes(ctx, "queuereturn", convert_time(value, 'd', ctx.rep));
      related = 2;
      break;
    case tocode::kQueueReturnNormal: case tocode::kQueueReturnUrgent:
    case tocode::kQueueReturnNonUrgent: case tocode::kQueueReturnDsn:
      store(ctx, to->name, convert_time(value, 'd', ctx.rep));
      break;
    case tocode::kResolverRetrans: {
      long s = convert_time(value, 's', ctx.rep);
      for (std::string_view n : {"resolver.retrans", "resolver.retrans.first", "resolver.retrans.normal"})
        store(ctx, n, s);
      related = 2;
      break;
    }
    case tocode::kResolverRetransNormal: case tocode::kResolverRetransFirst:
      store(ctx, to->name, convert_time(value, 's', ctx.rep));
      break;
    case tocode::kResolverRetry: {
      long n = parse_atoi(value);
      for (std::string_view k : {"resolver.retry", "resolver.retry.first", "resolver.retry.normal"})
        store(ctx, k, n);
      related = 2;
      break;
    }
    case tocode::kResolverRetryNormal: case tocode::kResolverRetryFirst:
      store(ctx, to->name, parse_atoi(value));
      break;
    default:
      store(ctx, to->name, minutes);
      break;
  }
  if (sticky)
    for (int i = 0; i <= related; ++i) o.sticky_timeouts.set(static_cast<std::size_t>(to->code + i));
}

void set_timeouts(ReadContext& ctx, std::string_view value, bool sticky) {
  std::size_t p = 0;
  while (true) {
    while (p < value.size() && is_space(static_cast<unsigned char>(value[p]))) ++p;
    if (p >= value.size()) break;
    std::size_t end = value.find(',', p);
    if (end == std::string_view::npos) end = value.size();
    std::string_view item = value.substr(p, end - p);
    p = end < value.size() ? end + 1 : end;
    if (item.empty()) continue;

    if (is_digit(static_cast<unsigned char>(item[0]))) {
      // The old syntax: one value for the SMTP command timeouts.  It is
      // applied even over sticky settings, as in sendmail.
      long t = convert_time(item, 'm', ctx.rep);
      const unsigned char codes[] = {tocode::kMail,      tocode::kRcpt,       tocode::kDataInit,
                                     tocode::kDataBlock, tocode::kDataFinal,  tocode::kCommand};
      for (unsigned char c : codes) {
        store(ctx, timeout_by_code(c)->name, t);
        if (sticky) ctx.cf.options.sticky_timeouts.set(c);
      }
      continue;
    }
    auto sep = item.find(':');
    if (sep == std::string_view::npos) sep = item.find('=');
    if (sep == std::string_view::npos) continue;  // silently skipped
    set_timeout(ctx, item.substr(0, sep), item.substr(sep + 1), sticky);
  }
}

void queue_timeout(ReadContext& ctx, std::string_view value, bool sticky) {
  auto slash = value.find('/');
  if (slash != std::string_view::npos) set_timeout(ctx, "queuewarn", value.substr(slash + 1), sticky);
  set_timeout(ctx, "queuereturn", value.substr(0, slash), sticky);
}

std::string daemon_modifiers(std::string_view value) {
  std::string flags;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || is_space(c) || !is_print(c)) continue;
    if (!flags.empty()) flags.push_back(' ');
    flags.push_back(ch);
    if (is_upper(c)) flags.push_back(ch);
  }
  return flags;
}

void socket_address_options(ReadContext& ctx, std::string_view value, bool /*daemon*/) {
  Reporter& rep = ctx.rep;
  int family = AF_INET;
  std::optional<std::string_view> addr, port;
  std::size_t p = 0;
  while (p < value.size()) {
    while (p < value.size() && is_space(static_cast<unsigned char>(value[p]))) ++p;
    if (p >= value.size()) break;
    std::size_t end = value.find(',', p);
    if (end == std::string_view::npos) end = value.size();
    std::string_view field = value.substr(p, end - p);
    p = end < value.size() ? end + 1 : end;
    auto eq = field.find('=');
    if (eq == std::string_view::npos) continue;
    std::size_t vs = eq + 1;
    while (vs < field.size() && is_space(static_cast<unsigned char>(field[vs]))) ++vs;
    std::string_view v = field.substr(vs);
    switch (field[0]) {
      case 'A': case 'a': addr = v; break;
      case 'D':
        if (v.empty() || std::string_view("qdib").find(v[0]) == std::string_view::npos)
          rep.syserr("option-port-delivery-mode",
                     fmt::format("554 5.3.5 Unknown delivery mode {}", v.empty() ? '\0' : v[0]));
        break;
      case 'F': case 'f':
        if (!v.empty() && is_digit(static_cast<unsigned char>(v[0])))
          family = parse_atoi(v);
        else if (equals_nocase(v, "unix") || equals_nocase(v, "local"))
          family = AF_UNIX;
        else if (equals_nocase(v, "inet"))
          family = AF_INET;
        else if (equals_nocase(v, "inet6"))
          family = AF_INET6;
        else
          rep.syserr("option-port-family", fmt::format("554 5.3.5 Unknown address family {} in Family=option", v));
        break;
      case 'P': case 'p': port = v; break;
      case 'c': case 'd': case 'I': case 'i': case 'L': case 'l': case 'M': case 'm':
      case 'N': case 'n': case 'q': case 'R': case 'r': case 'S': case 's':
        break;  // limits, names, flags: no effect in -bt
      default:
        rep.syserr("option-port-field", fmt::format("554 5.3.5 PortOptions parameter \"{}\" unknown", field));
        break;
    }
  }

  if (addr) {
    switch (family) {
      case AF_UNIX:
        if (addr->size() >= 108)
          rep.syserr("option-port-socket-name",
                     fmt::format("setsockaddroptions: domain socket name too long: {} > 108", *addr),
                     ENAMETOOLONG);
        break;
      case AF_INET:
        if (addr->empty() || !is_digit(static_cast<unsigned char>((*addr)[0])) ||
            !inet_addr_ok(std::string(*addr))) {
          if (!host_known(ctx.sys, *addr, AF_INET))
            rep.syserr("option-port-host", fmt::format("554 5.3.0 host \"{}\" unknown", *addr));
        }
        break;
      case AF_INET6:
        if (!inet6_ok(*addr) && !host_known(ctx.sys, *addr, AF_INET6))
          rep.syserr("option-port-host", fmt::format("554 5.3.0 host \"{}\" unknown", *addr));
        break;
      default:
        rep.syserr("option-port-family",
                   fmt::format("554 5.3.5 address= option unsupported for family {}", family));
        break;
    }
  }
  if (port) {
    if (family == AF_INET || family == AF_INET6) {
      if (port->empty() || !is_digit(static_cast<unsigned char>((*port)[0]))) {
        // Services come from the machine's own services database, as for
        // sendmail.
        std::string name(*port);
        if (::getservbyname(name.c_str(), "tcp") == nullptr)
          rep.syserr("option-port-service", fmt::format("554 5.3.5 service \"{}\" unknown", *port));
      }
    } else {
      rep.syserr("option-port-family", fmt::format("554 5.3.5 Port= option unsupported for family {}", family));
    }
  }
}

void connect_only_to(ReadContext& ctx, std::string_view value) {
  std::string_view addr = value;
  if (auto at = addr.find('@'); at != std::string_view::npos) {
    std::string port(addr.substr(0, at));
    // sendmail keeps strtoul's value in an int.
    int n = static_cast<int>(std::strtoul(port.c_str(), nullptr, 0));
    if (n > 65535) {
      ctx.rep.syserr("option-connectonlyto", fmt::format("readcf: option ConnectOnlyTo: invalid port {}", port));
      return;
    }
    addr = addr.substr(at + 1);
  }
  if (!inet6_ok(addr) && !inet_addr_ok(std::string(addr)))
    ctx.rep.syserr("option-connectonlyto", fmt::format("readcf: option ConnectOnlyTo: invalid IP address {}", addr));
}

}  // namespace option_detail
}  // namespace smcf
