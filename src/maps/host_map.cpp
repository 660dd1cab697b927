// host_map.cpp -- the host class (daemon.c host_map_lookup(): canonical
// host names, cached per key for the session) and the bestmx class
// (domain.c bestmx_map_lookup()).
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "maps/host_lookup.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"

namespace smcf::maps {
namespace {

void name_server_timeout(MapSession& s, std::string_view name) {
  s.reporter().message("map-host-timeout", fmt::format("851 {}: Name server timeout", shorten(name, 33)));
}

// host_map_lookup()'s status for a name it has no answer for.
int status_of_herrno(int herrno) {
  switch (herrno) {
    case kHostTryAgain: return kStatTempFail;
    case kHostNotFound: case kHostNoData: return kStatNotFound;  // EX_NOHOST
    case kHostNoRecovery: return kStatSoftware;
    default: return kStatUnavailable;
  }
}

class HostMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;

  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int& status) override {
    HostNameCache& cache = s.host_cache();
    if (const HostNameCache::Entry* e = cache.find(c_str_view(key))) {
      // (the common case, and allocation-free: the answer goes into a
      // recycled buffer)
      cache.set_herrno(e->herrno);
      status = e->status;
      if (status == kStatTempFail) name_server_timeout(s, c_str_view(key));
      if (status != kStatOk || !e->cname) return std::nullopt;
      return answer(s, c_str_view(key), *e->cname, args);
    }
    const std::string name(c_str_view(key));
    if (s.options().deferred_delivery && decl_.flags.defer) {
      status = kStatTempFail;
      return std::nullopt;
    }

    HostResolver resolver(s);
    std::optional<std::string> ans;
    if (name.empty() || name[0] != '[') {
      std::string hbuf = name.substr(0, limits::kMaxName);
      if (resolver.getcanonname(hbuf, limits::kMaxName, true).found) ans = hbuf;
    } else {
      std::size_t close = name.find(']');
      if (close == std::string::npos) return std::nullopt;  // no cache entry, status unchanged
      ans = resolver.name_by_address(std::string_view(name).substr(1, close - 1));
    }

    if (ans) {
      status = kStatOk;
      cache.store(name, {kStatOk, ans});
      return answer(s, name, *ans, args);
    }
    // The status comes from h_errno, as the last lookup left it (this one,
    // or an earlier one when a [literal] was no address).
    status = status_of_herrno(cache.herrno());
    if (status == kStatTempFail && resolver.uses_dns()) name_server_timeout(s, name);
    cache.store(name, {status, std::nullopt, cache.herrno()});
    return std::nullopt;
  }

 private:
  std::string answer(MapSession& s, std::string_view name, const std::string& cname, const MapArgs* args) const {
    std::string out = s.take_buffer();
    if (decl_.flags.match_only)
      map_rewrite_into(out, decl_, name, name, nullptr);
    else
      map_rewrite_into(out, decl_, cname, name, args);
    return out;
  }
};

class BestMxMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;

  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int& status) override {
    std::vector<std::string> hosts;
    int n = HostResolver(s).mx_hosts(c_str_view(key), hosts, status);
    if (n <= 0) return std::nullopt;
    if (decl_.flags.match_only) return map_rewrite(decl_, key, key, nullptr);
    if (decl_.column_delim == '\0' || n == 1) return map_rewrite(decl_, hosts[0], key, args);
    std::string all;
    for (const auto& h : hosts) {
      if (!all.empty()) all.push_back(decl_.column_delim);
      all += h;
    }
    return map_rewrite(decl_, all, key, args);
  }
};

}  // namespace

std::unique_ptr<MapImpl> make_host_map(const MapDecl& d) { return std::make_unique<HostMap>(d); }
std::unique_ptr<MapImpl> make_bestmx_map(const MapDecl& d) { return std::make_unique<BestMxMap>(d); }

}  // namespace smcf::maps
