// remote_maps.cpp -- the classes that need a network service this smcf
// build does not talk to: dns, nis, nisplus and ldap.  Each answers what
// sendmail 8.17 answers on a machine with no network and no NIS (checked
// with the real binary in the pinned environment):
//   dns     opens; lookups are temporary failures (75), or "not found"
//           (68) when the K line gave no valid -R type;
//   nis     open fails: "NIS map FILE specified, but NIS not running"
//           (unless -o), so the map is bogus (75) or, with -o, not open;
//   nisplus open fails silently: bogus (75), or not open with -o;
//   ldap    open fails: "ldap_init/ldap_bind failed to HOST in map NAME",
//           with ": Transport endpoint is not connected" when HOST (default
//           localhost) resolves, then bogus (75), or not open with -o.
#include <fmt/format.h>

#include <cerrno>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "maps/host_lookup.hpp"
#include "maps/map_impl.hpp"

namespace smcf::maps {
namespace {

class DnsMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession& s, std::string&, const MapArgs*, int& status) override {
    status = decl_.dns_type < 0 ? kStatNotFound : kStatTempFail;
    // The query that could not be sent left h_errno at TRY_AGAIN, which a
    // later host-map lookup of a bad [literal] reports.
    if (status == kStatTempFail) s.host_cache().set_herrno(kHostTryAgain);
    return std::nullopt;
  }
};

class UnreachableMap : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession&, std::string&, const MapArgs*, int& status) override {
    status = kStatTempFail;
    return std::nullopt;
  }
};

class NisMap final : public UnreachableMap {
 public:
  using UnreachableMap::UnreachableMap;
  bool open(MapSession& s) override {
    std::string file(c_str_view(decl_.file.value_or("")));
    if (auto at = file.find('@'); at != std::string::npos) file.resize(at);
    if (file.empty()) file = "mail.aliases";
    if (!decl_.flags.optional)
      s.reporter().syserr("nis-not-running", fmt::format("451 4.3.5 NIS map {} specified, but NIS not running", file));
    return false;
  }
};

class NisPlusMap final : public UnreachableMap {
 public:
  using UnreachableMap::UnreachableMap;
  bool open(MapSession&) override { return false; }
};

class LdapMap final : public UnreachableMap {
 public:
  using UnreachableMap::UnreachableMap;
  bool open(MapSession& s) override {
    if (decl_.flags.optional) return false;
    std::string id = "localhost";
    if (decl_.ldap && decl_.ldap->host)
      id = *decl_.ldap->host;
    else if (decl_.ldap && decl_.ldap->uri)
      id = *decl_.ldap->uri;
    // The server name resolves (hosts file or numeric): the connection
    // attempt fails with ENOTCONN; otherwise the name lookup fails first.
    bool resolves = s.system().host_by_name(id).has_value() || id.find_first_not_of("0123456789.") == std::string::npos;
    std::string text = fmt::format("ldap_init/ldap_bind failed to {} in map {}", id, decl_.name);
    if (!decl_.flags.no_defer) text = "451 4.3.5 " + text;
    s.reporter().syserr("ldap-open", text, resolves ? ENOTCONN : 0);
    return false;
  }
};

}  // namespace

std::unique_ptr<MapImpl> make_dns_map(const MapDecl& d) { return std::make_unique<DnsMap>(d); }
std::unique_ptr<MapImpl> make_nis_map(const MapDecl& d) { return std::make_unique<NisMap>(d); }
std::unique_ptr<MapImpl> make_nisplus_map(const MapDecl& d) { return std::make_unique<NisPlusMap>(d); }
std::unique_ptr<MapImpl> make_ldap_map(const MapDecl& d) { return std::make_unique<LdapMap>(d); }

}  // namespace smcf::maps
