// host_lookup.cpp -- getcanonname(), the hosts-file scan, reverse lookups
// and MX lookups without DNS (see host_lookup.hpp).
#include "maps/host_lookup.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "dns/dns_client.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"
#include "maps/service_switch.hpp"

namespace smcf::maps {
namespace {

constexpr std::size_t kNameBuf = limits::kMaxName + 1;  // char buf[MAXNAME + 1]

// shorten_hostname(): drops a final dot, then the domain part when it is
// $m.  Returns the full name (the part cut off put back) when it cut.
std::optional<std::string> shorten_hostname(std::string& host, const std::optional<std::string>& mydomain) {
  bool canon = false;
  if (!host.empty() && host.back() == '.') {
    host.pop_back();
    canon = true;
  }
  std::size_t dot = host.find('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string_view dom = mydomain ? std::string_view(*mydomain) : std::string_view();
  std::string_view rest = std::string_view(host).substr(dot + 1);
  bool same;
  if (canon)
    same = equals_nocase(rest, dom);
  else
    same = rest.size() <= dom.size() && equals_nocase(rest, dom.substr(0, rest.size()));
  if (!same || !(rest.size() == dom.size() || dom[rest.size()] == '.')) return std::nullopt;
  std::string full = host;
  host.resize(dot);
  return full;
}

// extract_canonname(): does this hosts line name `name` (or its full form)?
// cbuf gets the line's canonical name: its first name, or its first dotted
// name when the first has no dot, with $m added when still undotted.
bool extract_canonname(const std::string& name, const std::optional<std::string>& full, std::string_view line,
                       std::string& cbuf, const std::optional<std::string>& mydomain) {
  cbuf.clear();
  if (!line.empty() && line[0] == '#') return false;
  bool found = false;
  for (int i = 1;; ++i) {
    auto p = get_column(line, i, '\0', kNameBuf);
    if (!p) break;
    if (p->empty()) continue;
    if (cbuf.empty() || (cbuf.find('.') == std::string::npos && p->find('.') != std::string::npos))
      cbuf = p->substr(0, kNameBuf - 1);
    if (equals_nocase(name, *p) || (full && equals_nocase(*full, *p))) found = true;
  }
  if (found && cbuf.find('.') == std::string::npos && mydomain &&
      mydomain->size() + cbuf.size() + 1 < kNameBuf)
    cbuf += "." + *mydomain;
  return found;
}

// The binary form of an address for comparing hosts-file entries.
struct Address {
  int family = 0;
  unsigned char bytes[16] = {};
};

std::optional<Address> parse_address(std::string_view text, int family) {
  Address a;
  a.family = family;
  std::string t(text);
  if (::inet_pton(family, t.c_str(), a.bytes) != 1) return std::nullopt;
  return a;
}

}  // namespace

std::optional<std::string> HostResolver::macro_m() {
  const std::string* v = s_.macros().macro_value('m');
  if (!v) return std::nullopt;
  return *v;
}

std::optional<std::string> HostResolver::hosts_file_text() {
  const Config& cf = s_.config();
  std::string path = cf.options.hosts_file ? *cf.options.hosts_file : std::string("/etc/hosts");
  const auto& pinned = s_.system().options().hosts_file;
  if (path == "/etc/hosts" && pinned) path = *pinned;
  int err = 0;
  return s_.system().read_file(path, &err);
}

bool HostResolver::uses_dns() {
  auto types = s_.service_switch().find("hosts");
  if (!types) return false;
  for (const auto& t : *types)
    if (t == "dns") return true;
  return false;
}

bool HostResolver::text_getcanonname(std::string& name, std::size_t hbsize, int& status) {
  if (name.size() >= kNameBuf) {
    status = kStatUnavailable;
    return false;
  }
  std::string nbuf = name;
  auto mydomain = macro_m();
  auto full = shorten_hostname(nbuf, mydomain);
  auto text = hosts_file_text();
  if (!text) {
    status = kStatUnavailable;
    return false;
  }
  bool found = false;
  std::string cbuf;
  for (std::string_view raw : fgets_lines(*text, limits::kMaxLine)) {
    std::string_view line = c_str_view(raw);
    if (auto cut = line.find_first_of("#\n"); cut != std::string_view::npos) line = line.substr(0, cut);
    if (!line.empty()) found = extract_canonname(nbuf, full, line, cbuf, mydomain);
    if (found) break;
  }
  if (!found) {
    status = kStatNotFound;
    return false;
  }
  if (cbuf.size() >= hbsize) {
    status = kStatUnavailable;
    return false;
  }
  name = cbuf;
  status = kStatOk;
  return true;
}

bool HostResolver::dns_getcanonname(std::string& host, bool trymx, int& status) {
  // The resolver code drops the final dot of a name that ends with one.
  if (!host.empty() && host.back() == '.') host.pop_back();
  dns::DnsClient* client = s_.dns_client();
  if (!client) {  // --no-dns: no network, every query is TRY_AGAIN
    status = kStatTempFail;
    return false;
  }
  std::string canon;
  switch (client->canonical_name(host, trymx, canon)) {
    case dns::Outcome::Found:
      if (canon.size() >= kMaxHostNameLen) {
        status = kStatUnavailable;
        return false;
      }
      host = canon;
      status = kStatOk;
      return true;
    case dns::Outcome::TryAgain: status = kStatTempFail; return false;
    case dns::Outcome::Failed: status = kStatUnavailable; return false;
    default: status = kStatNotFound; return false;
  }
}

HostResolver::Canon HostResolver::getcanonname(std::string& host, std::size_t hbsize, bool trymx) {
  auto types = s_.service_switch().find("hosts");
  int status = kStatUnavailable;
  bool found = false;
  bool got_tempfail = false;
  if (types) {
    for (const auto& t : *types) {
      if (t == "files")
        found = text_getcanonname(host, hbsize, status);
      else if (t == "dns")
        found = dns_getcanonname(host, trymx, status);
      else {
        found = false;
        status = kStatUnavailable;
      }
      // With $m unset (start-up), an undotted answer does not count.
      if (found && (macro_m() || host.find('.') != std::string::npos)) break;
      if (status == kStatTempFail) got_tempfail = true;
    }
  }
  if (found) {
    std::size_t d = host.find('.');
    if (d == std::string::npos || d + 1 == host.size()) {
      auto m = macro_m();
      if (m && hbsize > host.size() + m->size() + 1) {
        if (!host.empty() && host.back() == '.')
          host += *m;
        else
          host += "." + *m;
      } else {
        return Canon{false, false};
      }
    }
    return Canon{true, false};
  }
  s_.host_cache().set_herrno(got_tempfail ? kHostTryAgain : kHostNotFound);
  return Canon{false, got_tempfail};
}

std::optional<std::string> HostResolver::name_by_address(std::string_view addr) {
  std::optional<Address> want;
  std::string a(addr);
  in_addr_t v4 = ::inet_addr(a.c_str());
  if (v4 != INADDR_NONE) {
    Address x;
    x.family = AF_INET;
    std::memcpy(x.bytes, &v4, 4);
    want = x;
  } else {
    std::string_view v6 = addr;
    if (v6.size() >= 5 && equals_nocase(v6.substr(0, 5), "IPv6:")) v6.remove_prefix(5);
    want = parse_address(v6, AF_INET6);
  }
  if (!want) return std::nullopt;
  // (libc's gethostbyaddr() sets h_errno either way.)
  HostNameCache& cache = s_.host_cache();
  cache.set_herrno(kHostNotFound);
  auto text = hosts_file_text();
  if (!text) return std::nullopt;
  for (std::string_view raw : fgets_lines(*text, limits::kMaxLine)) {
    std::string_view line = c_str_view(raw);
    if (auto h = line.find('#'); h != std::string_view::npos) line = line.substr(0, h);
    auto addr_col = get_column(line, 0, '\0', kNameBuf);
    auto name_col = get_column(line, 1, '\0', kNameBuf);
    if (!addr_col || !name_col || name_col->empty()) continue;
    auto have = parse_address(*addr_col, want->family);
    if (have && std::memcmp(have->bytes, want->bytes, want->family == AF_INET ? 4 : 16) == 0) {
      cache.set_herrno(kHostOk);
      return *name_col;
    }
  }
  return std::nullopt;
}

int HostResolver::mx_hosts(std::string_view host, std::vector<std::string>& out, int& rcode) {
  rcode = kStatOk;
  out.clear();
  if (host.empty()) return 0;
  if (host[0] != '[' && uses_dns()) {
    dns::DnsClient* client = s_.dns_client();
    // (res_search() leaves its h_errno for a later host-map lookup.)
    HostNameCache& cache = s_.host_cache();
    if (!client) {
      rcode = kStatTempFail;  // --no-dns: the MX query cannot be answered
      cache.set_herrno(kHostTryAgain);
      return -1;
    }
    std::vector<dns::MxRecord> mx;
    std::string name(host);
    if (name.back() == '.') name.pop_back();
    switch (client->mx_records(name, mx)) {
      case dns::Outcome::Found:
        if (mx.size() == 1 && mx[0].host.empty()) return -2;  // null MX (RFC 7505)
        for (auto& r : mx)
          if (!r.host.empty()) out.push_back(std::move(r.host));
        return static_cast<int>(out.size());
      case dns::Outcome::NoData:  // no MX: the host itself, as getmxrr does
        cache.set_herrno(kHostNoData);
        out.push_back(name);
        return 1;
      case dns::Outcome::NotFound: cache.set_herrno(kHostNotFound); rcode = kStatNotFound; return -1;
      case dns::Outcome::TryAgain: cache.set_herrno(kHostTryAgain); rcode = kStatTempFail; return -1;
      case dns::Outcome::Failed: rcode = kStatUnavailable; return -1;
    }
  }
  if (host[0] != '[') return 0;
  std::size_t close = host.find(']');
  if (close == std::string_view::npos) return 0;
  std::string inner(host.substr(1, close - 1));
  std::string_view v6 = inner;
  if (v6.size() >= 5 && equals_nocase(v6.substr(0, 5), "IPv6:")) v6.remove_prefix(5);
  if (::inet_addr(inner.c_str()) != INADDR_NONE || parse_address(v6, AF_INET6)) {
    out.emplace_back(host);
    return 1;
  }
  // "[name]": the canonical name of the name, with a final dot.
  if (getcanonname(inner, kMaxHostNameLen - 2, false).found) {
    if (inner.empty() || inner.back() != '.') inner += '.';
    out.push_back(inner);
    return 1;
  }
  return 0;
}

}  // namespace smcf::maps
