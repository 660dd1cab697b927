// host_lookup.hpp -- host names: sendmail's getcanonname() (map.c), the
// hosts-file scan behind it (text_getcanonname), the reverse lookup of
// "[a.b.c.d]" keys, the MX lookup of bestmx maps (getmxrr without DNS), and
// the cache of the host map (sendmail's ST_NAMECANON symbol entries).
//
// Name service comes from the service switch's "hosts" line.  "files" reads
// the hosts file (option HostsFile, default /etc/hosts, through the
// System's path remapping; a System pinned with a hosts file replaces
// /etc/hosts).  "dns" asks the DNS (dns/dns_client.hpp, bounded by the
// config's Timeout.resolver.*); with --no-dns, or when no server answers,
// every query is a temporary failure (TRY_AGAIN), as on a machine with no
// network, so names fall through to the next source and lookups that end
// there report "Name server timeout" and status 75.  "nis", "nisplus" and unknown types
// are unavailable.  Reverse lookups use the hosts file only (the pinned
// nsswitch.conf says "hosts: files").
#pragma once
#include "base/string_hash.hpp"
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smcf::maps {

class MapSession;

inline constexpr std::size_t kMaxHostNameLen = 256;  // MAXHOSTNAMELEN (Linux build)

// The resolver's h_errno values (netdb.h).
enum HostErrno : int { kHostOk = 0, kHostNotFound = 1, kHostTryAgain = 2, kHostNoRecovery = 3, kHostNoData = 4 };

// One entry per key ever looked up through a host map (case-sensitive),
// and the session's h_errno: what the last host lookup left there.  A
// host-map lookup of a [literal] that is no address makes no lookup, so
// its status is whatever that was (sendmail's host_map_lookup()).
class HostNameCache {
 public:
  struct Entry {
    int status = 0;                    // EX_OK, EX_NOHOST, EX_TEMPFAIL, ...
    std::optional<std::string> cname;  // the answer when status == EX_OK
    int herrno = kHostOk;              // h_errno when it was made (a hit sets it again)
  };
  int herrno() const { return herrno_; }
  void set_herrno(int e) { herrno_ = e; }
  Entry* find(std::string_view key) {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }
  void store(std::string_view key, Entry e) { entries_.insert_or_assign(std::string(key), std::move(e)); }

 private:
  std::unordered_map<std::string, Entry, StringHash, StringEqual> entries_;
  int herrno_ = kHostOk;
};

class HostResolver {
 public:
  explicit HostResolver(MapSession& s) : s_(s) {}

  struct Canon {
    bool found = false;
    bool try_again = false;  // h_errno == TRY_AGAIN when not found
  };
  // getcanonname(host, hbsize, trymx): replaces `host` with its canonical
  // name when found.  A name not found sets h_errno (try again or not
  // found); a name found leaves it (the hosts-file scan is sendmail's own).
  Canon getcanonname(std::string& host, std::size_t hbsize, bool trymx);

  // gethostbyaddr() of the text between the brackets ("192.0.2.1",
  // "IPv6:2001:db8::1"): the first name of the matching hosts-file line.
  // Sets h_errno (found: 0, else not found) unless the text is no address.
  std::optional<std::string> name_by_address(std::string_view addr);

  // sendmail's UseNameServer: "dns" is one of the hosts sources.
  bool uses_dns();

  // getmxrr(host, ..., flags = 0): the MX hosts, lowest preference first
  // (the host itself when it has none); returns their number, -1 on error
  // with rcode set, -2 for a null MX.
  int mx_hosts(std::string_view host, std::vector<std::string>& out, int& rcode);

 private:
  bool text_getcanonname(std::string& name, std::size_t hbsize, int& status);
  bool dns_getcanonname(std::string& host, bool trymx, int& status);
  std::optional<std::string> macro_m();
  std::optional<std::string> hosts_file_text();

  MapSession& s_;
};

}  // namespace smcf::maps
