// dns_client.cpp -- DNS queries through libresolv with a private,
// bounded resolver state (see dns_client.hpp).
#include "dns/dns_client.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <cstring>
#include <strings.h>

namespace smcf::dns {

struct DnsClient::State {
  struct __res_state res;
};

namespace {

bool same_name(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view s) {
    if (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return s;
  };
  a = strip(a);
  b = strip(b);
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A name from an RR's data (compressed pointers resolved).
std::optional<std::string> rr_name(const ns_msg& msg, const unsigned char* at) {
  char buf[NS_MAXDNAME];
  if (::ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), at, buf, sizeof buf) < 0) return std::nullopt;
  return std::string(buf);
}

Outcome outcome_of_herrno(int h) {
  switch (h) {
    case HOST_NOT_FOUND: return Outcome::NotFound;
    case NO_DATA: return Outcome::NoData;
    case TRY_AGAIN: return Outcome::TryAgain;
    default: return Outcome::Failed;
  }
}

// "a.b.c.d[:port]" -> sockaddr_in.
std::optional<sockaddr_in> parse_server(const std::string& s) {
  std::string host = s;
  int port = 53;
  if (auto colon = s.rfind(':'); colon != std::string::npos) {
    host = s.substr(0, colon);
    port = std::atoi(s.c_str() + colon + 1);
    if (port <= 0 || port > 65535) return std::nullopt;
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1) return std::nullopt;
  return a;
}

// The owner of the records of `type` in an answer, after the CNAMEs from
// the question name; "" when the answer holds none; nullopt if malformed.
std::optional<std::string> answer_owner(std::vector<unsigned char>& answer, int type) {
  ns_msg msg;
  if (::ns_initparse(answer.data(), static_cast<int>(answer.size()), &msg) < 0) return std::nullopt;
  ns_rr q;
  if (::ns_parserr(&msg, ns_s_qd, 0, &q) < 0) return std::nullopt;
  std::string owner = ns_rr_name(q);
  for (int hop = 0; hop <= kMaxCnameChain; ++hop) {
    bool followed = false;
    for (int i = 0; i < ns_msg_count(msg, ns_s_an); ++i) {
      ns_rr rr;
      if (::ns_parserr(&msg, ns_s_an, i, &rr) < 0) return std::nullopt;
      if (!same_name(ns_rr_name(rr), owner)) continue;
      if (ns_rr_type(rr) == type) {
        if (!owner.empty() && owner.back() == '.') owner.pop_back();
        return owner;
      }
      if (ns_rr_type(rr) == ns_t_cname) {
        auto target = rr_name(msg, ns_rr_rdata(rr));
        if (!target) return std::nullopt;
        owner = *target;
        followed = true;
        break;
      }
    }
    if (!followed) break;
  }
  return std::string();
}

}  // namespace

DnsClient::DnsClient(Settings s) : state_(new State{}) {
  std::memset(&state_->res, 0, sizeof state_->res);
  if (::res_ninit(&state_->res) != 0) return;
  res_state r = &state_->res;
  if (s.retrans_seconds) r->retrans = std::clamp(*s.retrans_seconds, 1, kMaxRetransSeconds);
  if (s.retry) r->retry = std::clamp(*s.retry, 1, kMaxRetry);
  r->retrans = std::clamp(r->retrans, 1, kMaxRetransSeconds);
  r->retry = std::clamp(r->retry, 1, kMaxRetry);
  if (!s.nameservers.empty()) {
    int n = 0;
    for (const auto& ns : s.nameservers) {
      if (n >= MAXNS) break;
      if (auto a = parse_server(ns)) r->nsaddr_list[n++] = *a;
    }
    if (n == 0) return;  // nothing usable: every query is TRY_AGAIN
    r->nscount = n;
  }
  ready_ = true;
}

DnsClient::~DnsClient() {
  ::res_nclose(&state_->res);
  delete state_;
}

int DnsClient::worst_case_seconds() const {
  const res_state r = &state_->res;
  int total = 0;
  for (int t = 0; t < r->retry; ++t) total += r->retrans << t;
  return total * std::max(1, r->nscount);
}

// The names a query for `name` tries, in order: resolv.conf's search list
// rules (ndots, a final dot for an absolute name), as res_nsearch() would.
std::vector<std::string> DnsClient::candidates(std::string_view name) const {
  std::vector<std::string> out;
  std::string n(name);
  if (!n.empty() && n.back() == '.') {
    out.push_back(n.substr(0, n.size() - 1));
    return out;
  }
  const res_state r = &state_->res;
  auto dots = static_cast<unsigned>(std::count(n.begin(), n.end(), '.'));
  std::vector<std::string> searched;
  if (r->options & RES_DNSRCH)
    for (int i = 0; i < MAXDNSRCH && r->dnsrch[i] != nullptr; ++i) searched.push_back(n + "." + r->dnsrch[i]);
  if (dots >= r->ndots) out.push_back(n);
  out.insert(out.end(), searched.begin(), searched.end());
  if (dots < r->ndots) out.push_back(n);
  return out;
}

Outcome DnsClient::query(const std::string& name, int type, std::vector<unsigned char>& answer) {
  if (!ready_) return Outcome::TryAgain;
  if (name.empty() || name.size() >= NS_MAXDNAME) return Outcome::Failed;
  answer.resize(kMaxAnswerBytes);
  int len = ::res_nquery(&state_->res, name.c_str(), ns_c_in, type, answer.data(), static_cast<int>(answer.size()));
  if (len < 0) return outcome_of_herrno(state_->res.res_h_errno);
  answer.resize(static_cast<std::size_t>(std::min<int>(len, static_cast<int>(kMaxAnswerBytes))));
  return Outcome::Found;
}

// A temporary failure ends the search at once, so that a dead server costs
// one query's timeout, not one per search domain and record type.
Outcome DnsClient::canonical_name(std::string_view name, bool try_mx, std::string& canonical) {
  bool any_nodata = false;
  std::vector<unsigned char> answer;
  std::vector<int> types = {ns_t_a, ns_t_aaaa};
  if (try_mx) types.push_back(ns_t_mx);
  for (const std::string& candidate : candidates(name)) {
    for (int type : types) {
      Outcome o = query(candidate, type, answer);
      if (o == Outcome::NotFound) break;  // the name does not exist: next candidate
      if (o == Outcome::NoData) {
        any_nodata = true;
        continue;
      }
      if (o != Outcome::Found) return o;
      auto owner = answer_owner(answer, type);
      if (!owner) return Outcome::Failed;
      if (owner->empty()) {
        any_nodata = true;
        continue;
      }
      canonical = *owner;
      return Outcome::Found;
    }
  }
  return any_nodata ? Outcome::NoData : Outcome::NotFound;
}

Outcome DnsClient::mx_records(std::string_view name, std::vector<MxRecord>& out) {
  out.clear();
  std::vector<unsigned char> answer;
  Outcome o = Outcome::NotFound;
  for (const std::string& candidate : candidates(name)) {
    o = query(candidate, ns_t_mx, answer);
    if (o != Outcome::NotFound) break;
  }
  if (o != Outcome::Found) return o;
  ns_msg msg;
  if (::ns_initparse(answer.data(), static_cast<int>(answer.size()), &msg) < 0) return Outcome::Failed;
  for (int i = 0; i < ns_msg_count(msg, ns_s_an); ++i) {
    ns_rr rr;
    if (::ns_parserr(&msg, ns_s_an, i, &rr) < 0) return Outcome::Failed;
    if (ns_rr_type(rr) != ns_t_mx || ns_rr_rdlen(rr) < 3) continue;
    MxRecord mx;
    mx.preference = ns_get16(ns_rr_rdata(rr));
    auto host = rr_name(msg, ns_rr_rdata(rr) + 2);
    if (!host) return Outcome::Failed;
    mx.host = *host;
    if (!mx.host.empty() && mx.host.back() == '.') mx.host.pop_back();
    out.push_back(std::move(mx));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const MxRecord& a, const MxRecord& b) { return a.preference < b.preference; });
  return out.empty() ? Outcome::NoData : Outcome::Found;
}

}  // namespace smcf::dns
