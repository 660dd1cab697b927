// milter_line.cpp -- X lines: sendmail's milter_setup().
//
// "Xname, S=socket, F=flags, T=timeouts" declares a mail filter.  sendmail
// checks the socket specification while reading (milter_open in
// parse-only mode) and reports what it cannot use; in test mode the socket
// file itself is not examined.  Filters do not affect rewriting.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cerrno>
#include <sstream>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "grammar/mailer_fields.hpp"
#include "host/system.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/options.hpp"

namespace smcf {
namespace {

constexpr std::size_t kUnixPathMax = 108;  // sizeof(sockaddr_un::sun_path)

enum class Family { Unix, Inet, Inet6 };

// getservbyname(name, "tcp") from the services file.
bool tcp_service_exists(const System& sys, std::string_view name) {
  int err = 0;
  auto text = sys.read_file("/etc/services", &err);
  if (!text) return false;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
    std::istringstream words(line);
    std::string service, port_proto, alias;
    if (!(words >> service >> port_proto)) continue;
    auto slash = port_proto.find('/');
    if (slash == std::string::npos || port_proto.substr(slash + 1) != "tcp") continue;
    if (service == name) return true;
    while (words >> alias)
      if (alias == name) return true;
  }
  return false;
}

// One hosts-database lookup of `name` for one address family, as the C
// library answers it from the hosts file (numeric addresses are answered
// without a lookup).
bool host_known(const System& sys, const std::string& name, Family fam) {
  if (fam == Family::Inet) {
    bool numeric = !name.empty() && name.back() != '.' &&
                   name.find_first_not_of("0123456789.") == std::string::npos;
    in_addr a{};
    if (numeric && inet_aton(name.c_str(), &a) != 0) return true;
  } else {
    in6_addr a{};
    if (name.find(':') != std::string::npos && inet_pton(AF_INET6, name.c_str(), &a) == 1) return true;
  }
  for (const auto& e : sys.hosts()) {
    bool v6 = e.address.find(':') != std::string::npos;
    if (v6 != (fam == Family::Inet6)) continue;
    for (const auto& n : e.names)
      if (equals_nocase(n, name)) return true;
  }
  return false;
}

// sendmail's sm_gethostbyname(): on failure it retries with the name
// shortened: a final dot removed, and a domain that is the local one ($m)
// removed.
bool host_resolves(ReadContext& ctx, const std::string& name, Family fam) {
  if (host_known(ctx.sys, name, fam)) return true;
  std::string shortname = name;
  bool canonical = false;
  if (!shortname.empty() && shortname.back() == '.') {
    shortname.pop_back();
    canonical = true;
  }
  auto dot = shortname.find('.');
  if (dot != std::string::npos) {
    std::string_view domain = std::string_view(shortname).substr(dot + 1);
    const std::string* m = ctx.macro('m');
    std::string_view mydom = m ? std::string_view(*m) : std::string_view();
    bool same = canonical ? equals_nocase(domain, mydom)
                          : (domain.size() <= mydom.size() && equals_nocase(domain, mydom.substr(0, domain.size())) &&
                             (domain.size() == mydom.size() || mydom[domain.size()] == '.'));
    if (same) shortname.resize(dot);
  }
  return shortname != name && host_known(ctx.sys, shortname, fam);
}

// milter_open(m, parseonly=true): the checks of the socket specification
// "[proto:]path" or "proto:port@host".
void check_socket(ReadContext& ctx, const std::string& name, const std::optional<std::string>& conn) {
  auto fail = [&](std::string_view id, const std::string& text, int errnum = 0) {
    ctx.rep.syserr(id, fmt::format("X{}: {}", name, text), errnum);
  };
  if (!conn || conn->empty()) {
    fail("milter-no-socket", "empty or missing socket information");
    return;
  }
  Family fam = Family::Unix;
  std::string spec = *conn;
  if (auto colon = spec.find(':'); colon != std::string::npos) {
    std::string proto = spec.substr(0, colon);
    if (proto.empty() || equals_nocase(proto, "unix") || equals_nocase(proto, "local")) {
      fam = Family::Unix;
    } else if (equals_nocase(proto, "inet")) {
      fam = Family::Inet;
    } else if (equals_nocase(proto, "inet6")) {
      fam = Family::Inet6;
    } else {
      fail("milter-bad-socket-type", fmt::format("unknown socket type {}", proto), EPROTONOSUPPORT);
      return;
    }
    spec.erase(0, colon + 1);
  }
  if (fam == Family::Unix) {
    // Whether the socket exists or is safe is only reported by daemons.
    if (spec.size() >= kUnixPathMax)
      fail("milter-socket-too-long", fmt::format("local socket name {} too long", spec), EINVAL);
    return;
  }
  auto at = spec.find('@');
  if (at == std::string::npos) {
    fail("milter-bad-address", fmt::format("bad address {} (expected port@host)", spec));
    return;
  }
  std::string port = spec.substr(0, at);
  std::string host = spec.substr(at + 1);
  if (!(!port.empty() && is_digit(static_cast<unsigned char>(port[0]))) && !tcp_service_exists(ctx.sys, port)) {
    fail("milter-unknown-port", fmt::format("unknown port name {}", port));
    return;
  }
  if (!host.empty() && host[0] == '[') {
    auto end = host.find(']');
    bool ok = false;
    if (end != std::string::npos) {
      std::string inside = host.substr(1, end - 1);
      if (fam == Family::Inet) {
        ok = inet_addr(inside.c_str()) != INADDR_NONE;
      } else {
        std::string_view v6 = inside;
        if (v6.size() >= 5 && equals_nocase(v6.substr(0, 5), "IPv6:")) v6.remove_prefix(5);
        in6_addr a{};
        ok = inet_pton(AF_INET6, std::string(v6).c_str(), &a) == 1;
      }
    }
    if (!ok) fail("milter-bad-numeric-host", fmt::format("Invalid numeric domain spec \"{}\"", host));
    return;
  }
  if (!host_resolves(ctx, host, fam)) fail("milter-unknown-host", fmt::format("Unknown host name {}", host));
}

// T=C:5m;S:10s;R:10s;E:5m -- the timeouts; an error ends the list, not the
// filter.
void read_timeouts(ReadContext& ctx, MailerReadState& st, const std::string& name, const std::string& list) {
  std::size_t p = 0;
  while (p < list.size()) {
    grammar::EquateField f;
    grammar::parse_equate_field(std::string_view(list).substr(p), grammar::EquateList::Timeouts, f);
    if (!f.assigned) {
      ctx.rep.syserr("milter-timeout-syntax", fmt::format("X{}, T=: `:' expected", name));
      return;
    }
    // Munched in place in the same buffer; reading stays ahead of writing,
    // so parsing a copy is the same.
    Munched v = munch_string(std::string_view(list).substr(p + f.value), ';');
    st.munch.store(v.value);
    p += f.value + v.end;
    switch (f.code) {
      case 'C':
      case 'S':
      case 'R':
      case 'E': convert_time(v.value, 's', ctx.rep); break;
      default:
        ctx.rep.syserr("milter-unknown-timeout",
                       fmt::format("X{}: unknown filter timeout {}", name, static_cast<char>(f.code)));
        break;
    }
  }
}

}  // namespace

void read_milter_line(ReadContext& ctx, std::string_view rest) {
  std::string_view line = c_str_view(rest);
  grammar::EquateName name;
  grammar::parse_equate_name(line, name);
  if (name.name.empty()) {
    ctx.rep.syserr("milter-no-name", "name required for mail filter");
    return;
  }
  MailerReadState scratch;
  MailerReadState& st = mailer_read_state(ctx, scratch);
  MilterDecl md;
  md.name = name.name;
  md.pos = ctx.pos();
  std::optional<std::string> conn;

  std::size_t p = name.rest;
  while (p < line.size()) {
    grammar::EquateField f;
    grammar::parse_equate_field(line.substr(p), grammar::EquateList::Fields, f);
    if (!f.assigned) {
      ctx.rep.syserr("milter-syntax", fmt::format("X{}: `=' expected", md.name));
      return;
    }
    Munched v = munch_string(line.substr(p + f.value), ',');
    st.munch.store(v.value);
    p += f.value + v.end;
    switch (f.code) {
      case 'S': conn = v.value; break;
      case 'F': break;
      case 'T': read_timeouts(ctx, st, md.name, v.value); break;
      default:
        ctx.rep.syserr("milter-unknown-field",
                       fmt::format("X{}: unknown filter equate {}=", md.name, static_cast<char>(f.code)));
        continue;
    }
    md.fields.emplace_back(static_cast<char>(f.code), v.value);
  }

  check_socket(ctx, md.name, conn);
  for (const auto& m : ctx.cf.milters)
    if (equals_nocase(m.name, md.name)) {
      ctx.rep.syserr("milter-duplicate", fmt::format("X{}: duplicate filter definition", md.name));
      return;
    }
  ctx.cf.milters.push_back(std::move(md));
}

}  // namespace smcf
