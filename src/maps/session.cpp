// session.cpp -- MapSession: the map table of one session, openmap(),
// parseaddr.c's map_lookup() and the /map command.
#include "maps/session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "dns/dns_client.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "maps/alias_table.hpp"
#include "maps/host_lookup.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"
#include "maps/service_switch.hpp"

namespace smcf::maps {

std::size_t MapSession::NameHash::operator()(std::string_view s) const noexcept {
  std::size_t h = 14695981039346656037ull;  // FNV-1a over the lower-cased bytes
  for (char c : s) {
    h ^= to_lower(static_cast<unsigned char>(c));
    h *= 1099511628211ull;
  }
  return h;
}

bool MapSession::NameEq::operator()(std::string_view a, std::string_view b) const noexcept {
  return equals_nocase(a, b);
}

MapSession::MapSession(const Config& cf, const System& sys, Reporter& rep, MacroOverlay& macros, MacroNames& names,
                       SessionOptions opts)
    : cf_(cf), sys_(sys), rep_(rep), macros_(macros), names_(names), opts_(std::move(opts)) {
  for (const auto& m : cf_.maps) {
    Record r;
    r.decl = &m;
    r.state = m.valid ? Record::State::Closed : Record::State::Invalid;
    records_.insert_or_assign(m.name, std::move(r));
  }
}

MapSession::~MapSession() = default;

MapSession::Record* MapSession::record(std::string_view name) {
  auto it = records_.find(c_str_view(name));
  return it == records_.end() ? nullptr : &it->second;
}

bool MapSession::has_map(std::string_view name) { return record(name) != nullptr; }

int MapSession::key_space_sub(std::string_view name) {
  Record* r = record(name);
  return r ? static_cast<unsigned char>(r->decl->space_sub) : 0;
}

bool MapSession::open_map(Record& r) {
  using State = Record::State;
  switch (r.state) {
    case State::Open:
    case State::Bogus: return true;
    case State::Invalid: return false;
    case State::Closed: break;
  }
  if (!r.impl) r.impl = make_map_impl(*r.decl);
  if (r.impl->open(*this)) {
    r.state = State::Open;
    return true;
  }
  // A failed open makes a required map "bogus" (every lookup is a temporary
  // failure) and an optional one unusable; neither is retried.
  r.state = r.decl->flags.optional ? State::Invalid : State::Bogus;
  return r.state == State::Bogus;
}

std::optional<std::string> MapSession::class_lookup(Record& r, std::string& key, const MapArgs* args, int& status) {
  if (r.state == Record::State::Bogus) {
    status = kStatTempFail;
    return std::nullopt;
  }
  if (!r.impl) return std::nullopt;
  auto v = r.impl->lookup(*this, key, args, status);
  switch (r.impl->take_disable()) {
    case MapImpl::Disable::None: break;
    case MapImpl::Disable::Invalid: r.state = Record::State::Invalid; break;
    case MapImpl::Disable::Bogus: r.state = Record::State::Bogus; break;
  }
  return v;
}

std::optional<std::string> MapSession::lookup(std::string_view name, std::string& key,
                                              const std::vector<std::string>& args, int* status) {
  Record* r = record(name);
  if (!r || !open_map(*r)) return std::nullopt;
  const MapDecl& d = *r->decl;
  if (opts_.deferred_delivery && d.flags.defer) {
    *status = kStatTempFail;
    return std::nullopt;
  }
  if (!d.flags.keep_quotes) strip_quotes_in_place(key);
  int st = kStatOk;
  auto v = class_lookup(*r, key, &args, st);
  if (st == kStatTempFail && !d.flags.no_defer) *status = kStatTempFail;
  if (st == kStatTempFail && d.tempfail_text) return std::string(c_str_view(key)) + std::string(c_str_view(*d.tempfail_text));
  return v;
}

void MapSession::map_command(std::string_view arg, Output& out) {
  arg = c_str_view(arg);
  std::size_t q = 0;
  while (q < arg.size() && !is_space(static_cast<unsigned char>(arg[q]))) ++q;
  if (q >= arg.size()) {
    out.write("No key specified\n");
    return;
  }
  std::string_view name = arg.substr(0, q);
  std::string key(arg.substr(q + 1));
  Record* r = record(name);
  if (!r) {
    out.write(fmt::format("Map named \"{}\" not found\n", name));
    return;
  }
  if (!open_map(*r)) {
    out.write(fmt::format("Map named \"{}\" not open\n", name));
    return;
  }
  out.write(fmt::format("map_lookup: {} ({}) ", name, key));
  int st = kStatOk;
  const MapArgs no_args;  // av = { key, NULL }
  auto v = class_lookup(*r, key, &no_args, st);
  if (!v)
    out.write(fmt::format("no match ({})\n", st));
  else
    out.write(fmt::format("returns {} ({})\n", c_str_view(*v), st));
}

std::string MapSession::canonical_name(std::string_view host) {
  std::string h(c_str_view(host));
  HostResolver(*this).getcanonname(h, kMaxHostNameLen, true);
  return h;
}

bool MapSession::direct_lookup(const MapDecl& map, std::string key, std::optional<std::string>* value, int* status) {
  Record r;
  r.decl = &map;
  r.impl = make_map_impl(map);
  if (!r.impl->open(*this)) return false;
  r.state = Record::State::Open;
  int st = kStatOk;
  *value = class_lookup(r, key, nullptr, st);
  *status = st;
  return true;
}

const ServiceSwitch& MapSession::service_switch() {
  if (!switch_) {
    const auto& path = cf_.options.service_switch_file;
    switch_ = std::make_unique<ServiceSwitch>(
        ServiceSwitch::read(sys_, path ? std::string_view(*path) : kDefaultServiceSwitchFile));
  }
  return *switch_;
}

HostNameCache& MapSession::host_cache() {
  if (!host_cache_) host_cache_ = std::make_unique<HostNameCache>();
  return *host_cache_;
}

AliasTable& MapSession::alias_table() {
  if (!aliases_) aliases_ = std::make_unique<AliasTable>();
  return *aliases_;
}

dns::DnsClient* MapSession::dns_client() {
  if (sys_.options().no_dns) return nullptr;
  if (!dns_) {
    dns::Settings st;
    const auto& t = cf_.options.timeouts;
    // sendmail hands Timeout.resolver.retrans/retry (the "default" pair)
    // to the resolver; unset, resolv.conf's values stay.
    if (auto it = t.find("resolver.retrans"); it != t.end() && it->second > 0)
      st.retrans_seconds = static_cast<int>(std::min<long>(it->second, dns::kMaxRetransSeconds));
    if (auto it = t.find("resolver.retry"); it != t.end() && it->second > 0)
      st.retry = static_cast<int>(std::min<long>(it->second, dns::kMaxRetry));
    st.nameservers = sys_.options().nameservers;
    dns_ = std::make_unique<dns::DnsClient>(std::move(st));
  }
  return dns_.get();
}

bool MapSession::verbose() const { return rep_.verbose() != 0; }

}  // namespace smcf::maps
