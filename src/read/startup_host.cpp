// startup_host.cpp -- the machine facts sendmail records before reading the
// cf: its own host name as myhostname() finds it (gethostname, then the
// hosts file through gethostbyname2), the date for $b and the load average
// for ${load_avg}.
//
// The hosts-file lookup reproduces glibc's "files" service as the
// conformance machine runs it (host.conf "multi on"), since that is what
// the real sendmail sees: all lines naming the host, of the requested
// family, are merged -- aliases appended in order, a later line's own
// canonical name appended when it differs, every address kept.
#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iterator>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "host/system.hpp"
#include "read/defaults.hpp"

namespace smcf::startup {
namespace {

// A hosts-file address in the family asked for, as sendmail prints it
// into $=w.  glibc reads IPv4 addresses strictly (inet_pton: no "127.1",
// no octal); an IPv4-mapped IPv6 address also answers IPv4 queries, and
// sendmail prints such an address as plain IPv4 in either case.
std::optional<std::string> address_for(std::string_view text, Family family) {
  std::string t(text);
  unsigned char v4[4];
  unsigned char v6[16];
  auto dotted = [](const unsigned char* b) { return fmt::format("[{}.{}.{}.{}]", b[0], b[1], b[2], b[3]); };
  if (::inet_pton(AF_INET, t.c_str(), v4) == 1) {
    if (family != Family::Inet4) return std::nullopt;
    return dotted(v4);
  }
  if (::inet_pton(AF_INET6, t.c_str(), v6) != 1) return std::nullopt;
  static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  bool mapped = std::equal(std::begin(kMappedPrefix), std::end(kMappedPrefix), v6);
  if (mapped) return dotted(v6 + 12);
  if (family != Family::Inet6) return std::nullopt;
  // Debian's sendmail is built with IPV6_FULL: every group, no "::".
  std::string out = "[IPv6:";
  for (int i = 0; i < 8; ++i) {
    if (i) out += ':';
    out += fmt::format("{:x}", (v6[2 * i] << 8) | v6[2 * i + 1]);
  }
  out += ']';
  return out;
}

// sendmail's cleanstrcpy(): keeps only the bytes allowed in a host name,
// at most `size - 1` of them.
std::string clean_copy(std::string_view from, std::size_t size) {
  static constexpr std::string_view kAllowed = "!#$%&'*+-./^_`{|}~";
  std::string out;
  for (unsigned char c : from) {
    if (out.size() + 1 >= size) break;
    if (is_ascii(c) && (is_alnum(c) || kAllowed.find(static_cast<char>(c)) != std::string_view::npos))
      out.push_back(static_cast<char>(c));
  }
  return out;
}

// sm_gethostbyname(): one lookup, and when that fails a second one with
// the name shortened.  Before the cf is read $m is unset, so the only
// shortening sendmail's shorten_hostname() can do is dropping a final dot.
std::optional<HostAnswer> sm_gethostbyname(const System& sys, const std::string& name, Family family) {
  if (auto h = hosts_lookup(sys, name, family)) return h;
  if (!name.empty() && name.back() == '.') return hosts_lookup(sys, name.substr(0, name.size() - 1), family);
  return std::nullopt;
}

constexpr std::size_t kMaxHostNameLen = 256;  // main()'s jbuf: MAXHOSTNAMELEN, 256 on Linux builds

}  // namespace

std::optional<HostAnswer> hosts_lookup(const System& sys, std::string_view name, Family family) {
  std::optional<HostAnswer> answer;
  for (const HostEntry& e : sys.hosts()) {
    bool named = false;
    for (const auto& n : e.names)
      if (equals_nocase(n, name)) named = true;
    if (!named || e.names.empty()) continue;
    auto addr = address_for(e.address, family);
    if (!addr) continue;
    if (!answer) {
      answer.emplace();
      answer->name = e.names.front();
      answer->aliases.assign(e.names.begin() + 1, e.names.end());
    } else {
      answer->aliases.insert(answer->aliases.end(), e.names.begin() + 1, e.names.end());
      if (e.names.front() != answer->name) answer->aliases.push_back(e.names.front());
    }
    answer->addresses.push_back(std::move(*addr));
  }
  return answer;
}

MyHostName my_host_name(const System& sys) {
  MyHostName me;
  me.name = sys.host_name();
  if (me.name.empty()) me.name = "localhost";
  // sendmail asks for IPv6 first (its InetMode when the kernel has IPv6),
  // falling back to IPv4.
  me.entry = sm_gethostbyname(sys, me.name, Family::Inet6);
  if (!me.entry) me.entry = sm_gethostbyname(sys, me.name, Family::Inet4);
  if (!me.entry) return me;
  const HostAnswer& h = *me.entry;
  // The entry's name replaces ours unless that would lose a domain part.
  if (h.name.find('.') != std::string::npos || me.name.find('.') == std::string::npos)
    me.name = clean_copy(h.name, kMaxHostNameLen);
  if (me.name.find('.') == std::string::npos) {
    for (const auto& a : h.aliases) {
      if (a.find('.') != std::string::npos) {
        me.name = clean_copy(a, kMaxHostNameLen - 1);
        break;
      }
    }
  }
  // Still unqualified: sendmail now asks its host map, sleeps a minute and
  // asks again.  With the hosts file as the only source that cannot find
  // anything new (the entry above is the same line), so only the delay is
  // left out here.
  return me;
}

std::string arpa_date_now() { return arpa_date(std::time(nullptr)); }

std::string ctime_date(std::time_t t) {
  char buf[32];
  ::ctime_r(&t, buf);
  std::string d = buf;
  if (!d.empty() && d.back() == '\n') d.pop_back();
  return d;
}

std::string arpa_date(std::time_t t) {
  std::tm local{};
  std::tm gmt{};
  ::localtime_r(&t, &local);
  ::gmtime_r(&t, &gmt);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string out = fmt::format("{}, {} {} {} {:02}:{:02}:{:02} ", kDays[local.tm_wday], local.tm_mday,
                                kMonths[local.tm_mon], local.tm_year + 1900, local.tm_hour, local.tm_min,
                                local.tm_sec);
  int off = (local.tm_hour - gmt.tm_hour) * 60 + local.tm_min - gmt.tm_min;
  if (local.tm_year < gmt.tm_year)
    off -= 24 * 60;
  else if (local.tm_year > gmt.tm_year)
    off += 24 * 60;
  else if (local.tm_yday < gmt.tm_yday)
    off -= 24 * 60;
  else if (local.tm_yday > gmt.tm_yday)
    off += 24 * 60;
  if (off == 0) return out + "GMT";
  // Linux builds have no zone name (TZ_NONE): just the offset.
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  if (off >= 24 * 60) off = 23 * 60 + 59;
  return out + fmt::format("{}{:02}{:02}", sign, off / 60, off % 60);
}

int load_average(const System& sys) {
  int err = 0;
  auto text = sys.read_file("/proc/loadavg", &err);
  if (!text) return -1;
  double avg = 0;
  if (std::sscanf(text->c_str(), "%lf", &avg) != 1) return -1;
  return static_cast<int>(avg + 0.5);
}

}  // namespace smcf::startup
