// seq_map.cpp -- the sequence class (members named on the K line) and the
// switch class (members "NAME.TYPE" for each type the service switch lists
// for the service named on the K line): the first member that finds the
// key wins; a temporary failure of any member is remembered.
#include <fmt/format.h>

#include "base/diag.hpp"
#include "base/limits.hpp"
#include "maps/map_impl.hpp"
#include "maps/service_switch.hpp"

namespace smcf::maps {
namespace {

class SequenceMap : public MapImpl {
 public:
  explicit SequenceMap(const MapDecl& d) : MapImpl(d), members_(d.members) {}

  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int& status) override {
    // A sequence may name itself (the K line's entry exists while its
    // members are parsed); sendmail then recurses until it crashes.  smcf
    // stops at a fixed depth and reports a temporary failure.
    static thread_local int depth = 0;
    if (depth >= kMaxNesting) {
      status = kStatTempFail;
      return std::nullopt;
    }
    ++depth;
    auto rv = lookup_members(s, key, args, status);
    --depth;
    return rv;
  }

 protected:
  static constexpr int kMaxNesting = 64;

  std::optional<std::string> lookup_members(MapSession& s, std::string& key, const MapArgs* args, int& status) {
    bool tempfail = false;
    for (const auto& name : members_) {
      if (name.empty()) continue;
      MapSession::Record* mm = s.record(name);
      if (!mm || !s.open_map(*mm)) continue;
      status = kStatOk;
      auto rv = s.class_lookup(*mm, key, args, status);
      if (rv) return rv;
      if (status == kStatTempFail) tempfail = true;
    }
    if (tempfail)
      status = kStatTempFail;
    else if (status == kStatOk)
      status = kStatNotFound;
    return std::nullopt;
  }

  std::vector<std::string> members_;  // "" = empty slot
};

class SwitchMap final : public SequenceMap {
 public:
  explicit SwitchMap(const MapDecl& d) : SequenceMap(d) {}

  bool open(MapSession& s) override {
    members_.clear();
    auto types = s.service_switch().find(c_str_or_empty(decl_.file));
    if (!types || types->empty() || types->size() > static_cast<std::size_t>(limits::kMaxMapStack)) return false;
    for (const auto& t : *types) {
      std::string name = fmt::format("{}.{}", decl_.name, t).substr(0, limits::kMaxName);
      if (!s.record(name)) {
        s.reporter().syserr("switch-unknown-member",
                            fmt::format("Switch map {}: unknown member map {}", decl_.name, name));
        members_.emplace_back();
      } else {
        members_.push_back(name);
      }
    }
    return true;
  }

 private:
  static std::string c_str_or_empty(const std::optional<std::string>& s) { return s ? *s : std::string(); }
};

}  // namespace

std::unique_ptr<MapImpl> make_sequence_map(const MapDecl& d) { return std::make_unique<SequenceMap>(d); }
std::unique_ptr<MapImpl> make_switch_map(const MapDecl& d) { return std::make_unique<SwitchMap>(d); }

}  // namespace smcf::maps
