// dns_client.hpp -- the DNS queries sendmail makes for host names: the
// canonical name of a host (A, AAAA, then MX), and a host's MX list.
//
// Built on the C library's resolver (libresolv: res_ninit, res_nsearch,
// ns_parserr), the library sendmail itself uses, with a private resolver
// state per client so that threads never share one.  Every query is bounded:
// the resolver waits `retrans` seconds for the first try and doubles it on
// each of `retry` tries (per name server), so the worst case is
// retrans * (2^retry - 1) seconds per query and name server.  Both are
// clamped to the limits below (docs/limits.md), whatever the config says.
//
// No network (no route, nothing listening, a server that never answers)
// is a temporary failure, as sendmail reports it: TRY_AGAIN, status 75.
// A temporary failure ends a lookup at once (no further search domains or
// record types), so a dead server costs one query's worst case.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf::dns {

inline constexpr int kMaxRetransSeconds = 30;  // per first try
inline constexpr int kMaxRetry = 5;            // tries per name server
inline constexpr std::size_t kMaxAnswerBytes = 65536;
inline constexpr int kMaxCnameChain = 8;       // CNAMEs followed for one name

struct Settings {
  std::optional<int> retrans_seconds;  // Timeout.resolver.retrans (else resolv.conf's)
  std::optional<int> retry;            // Timeout.resolver.retry (else resolv.conf's)
  // Replaces resolv.conf's name servers ("127.0.0.1:5353", "192.0.2.1"):
  // IPv4 only, port 53 when omitted.  For tests and pinned runs.
  std::vector<std::string> nameservers;
};

enum class Outcome {
  Found,     // an answer
  NoData,    // the name exists, no record of that type
  NotFound,  // NXDOMAIN
  TryAgain,  // timeout, no server, SERVFAIL: a temporary failure
  Failed,    // a permanent error (bad name, refused, malformed answer)
};

struct MxRecord {
  int preference = 0;
  std::string host;
};

class DnsClient {
 public:
  explicit DnsClient(Settings s);
  ~DnsClient();
  DnsClient(const DnsClient&) = delete;
  DnsClient& operator=(const DnsClient&) = delete;

  // The canonical name of `name`: the owner of its A (then AAAA) records
  // after CNAMEs, through the resolv.conf search list; with `try_mx` an MX
  // record also makes a name exist.  `canonical` is set on Found.
  Outcome canonical_name(std::string_view name, bool try_mx, std::string& canonical);

  // The MX records of `name`, lowest preference first (stable for ties).
  Outcome mx_records(std::string_view name, std::vector<MxRecord>& out);

  // Seconds the worst case of one query can take with these settings.
  int worst_case_seconds() const;

 private:
  Outcome query(const std::string& name, int type, std::vector<unsigned char>& answer);
  std::vector<std::string> candidates(std::string_view name) const;

  struct State;
  State* state_;  // the resolver state (opaque: <resolv.h> stays in the .cpp)
  bool ready_ = false;
};

}  // namespace smcf::dns
