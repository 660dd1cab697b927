// user_map.cpp -- the user class (map.c user_map_open/user_map_lookup):
// passwd entries through the System (pinned file or getpwnam), with
// sendmail's finduser(): exact name, then the name lower-cased (in place,
// so -m returns the lower-cased key), then, with option MatchGECOS, the key
// as a full name ('_' or the SpaceSub character for blanks) against every
// user's GECOS field, which prints "sending to login name NAME".
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"

namespace smcf::maps {
namespace {

constexpr std::size_t kMbdbMaxName = 256;  // MBDB_MAXNAME

// sm_pwfullname(): the gecos field up to ',' ';' '%', '&' replaced by the
// capitalized login name; the login name when it does not fit.
std::string full_name(std::string_view gecos, std::string_view user) {
  if (!gecos.empty() && gecos[0] == '*') gecos.remove_prefix(1);
  std::string out;
  for (char c : gecos) {
    if (c == ',' || c == ';' || c == '%') break;
    if (out.size() >= kMbdbMaxName - 1) return std::string(user.substr(0, kMbdbMaxName - 1));
    if (c == '&') {
      std::string u(user);
      if (!u.empty()) u[0] = static_cast<char>(to_upper(static_cast<unsigned char>(u[0])));
      out += u;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class UserMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;

  bool open(MapSession& s) override {
    const Config& cf = s.config();
    for (const auto& st : cf.options.settings)
      if (!st.ignored && equals_nocase(st.name, "MatchGECOS"))
        match_gecos_ = st.value.empty() || std::string_view("tTyY").find(st.value[0]) != std::string_view::npos;
    space_sub_ = cf.options.blank_sub;
    if (!decl_.value_column) return true;
    static constexpr std::string_view kColumns[] = {"name", "passwd", "uid", "gid", "gecos", "dir", "shell"};
    for (std::size_t i = 0; i < std::size(kColumns); ++i) {
      if (equals_nocase(*decl_.value_column, kColumns[i])) {
        column_ = static_cast<int>(i) + 1;
        return true;
      }
    }
    s.reporter().syserr("user-map-column",
                        fmt::format("User map {}: unknown column name {}", decl_.name, *decl_.value_column));
    return false;
  }

  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int& status) override {
    std::string name(c_str_view(key));
    auto pw = s.system().user_by_name(name);
    if (!pw) {
      std::string lower = lower_key(name);
      if (lower != name) {
        key = lower;  // finduser() lower-cases the caller's buffer
        name = lower;
        pw = s.system().user_by_name(name);
      }
    }
    if (!pw && match_gecos_) pw = gecos_match(s, name);
    if (!pw) {
      status = kStatNoUser;
      return std::nullopt;
    }
    status = kStatOk;
    if (decl_.flags.match_only) return map_rewrite(decl_, name, name, nullptr);
    std::string value;
    switch (column_) {
      case 0:
      case 1: value = pw->name.substr(0, kMbdbMaxName - 1); break;
      case 2: value = "x"; break;
      case 3: value = std::to_string(static_cast<int>(pw->uid)); break;
      case 4: value = std::to_string(static_cast<int>(pw->gid)); break;
      case 5: value = full_name(pw->gecos, pw->name); break;
      case 6: value = pw->dir; break;
      case 7: value = pw->shell; break;
      default: break;
    }
    return map_rewrite(decl_, value, name, args);
  }

 private:
  // finduser()'s last try: `name` (already lower-cased) as a full name.
  std::optional<PasswdEntry> gecos_match(MapSession& s, const std::string& name) const {
    std::string want = name;
    for (char& c : want)
      if (c == static_cast<char>(space_sub_ & 0177) || c == '_') c = ' ';
    for (const PasswdEntry& pw : s.system().all_users()) {
      std::string full = full_name(pw.gecos, pw.name);
      if (full.find(' ') != std::string::npos && equals_nocase(full, want)) {
        s.reporter().message("finduser-gecos", fmt::format("sending to login name {}", pw.name));
        return pw;
      }
    }
    return std::nullopt;
  }

  int column_ = 0;
  bool match_gecos_ = false;
  char space_sub_ = ' ';
};

}  // namespace

std::unique_ptr<MapImpl> make_user_map(const MapDecl& d) { return std::make_unique<UserMap>(d); }

}  // namespace smcf::maps
