// simple_maps.cpp -- the classes that compute their answer from the key
// alone: null, dequote (parseaddr.c dequote_map), macro, arith, arpa,
// syslog and userdb (map.c, udb.c).
#include <arpa/inet.h>
#include <fmt/format.h>

#include <climits>
#include <cstdlib>
#include <random>

#include "base/bytes.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"

namespace smcf::maps {
namespace {

class NullMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession&, std::string&, const MapArgs*, int& status) override {
    status = kStatNotFound;
    return std::nullopt;
  }
};

// Removes the double quotes of an address if what remains would still
// tokenize the same way (balanced <> and (), no open quote, no trailing
// backslash, no blanks unless -s turned spaces into another byte).  Works
// in place on the key like sendmail, so a failed attempt leaves the key
// partly rewritten for the next map of a sequence.
class DequoteMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession& session, std::string& name, const MapArgs*, int&) override {
    std::string& s = name;
    std::size_t len = c_str_view(s).size();
    std::size_t p = 0, q = 0;
    int anglecnt = 0, cmntcnt = 0, quotecnt = 0, spacecnt = 0;
    bool quotemode = false, bslashmode = false;
    const char spacesub = decl_.space_sub;
    while (p < len) {
      char c = s[p++];
      if (bslashmode) {
        bslashmode = false;
        s[q++] = c;
        continue;
      }
      if (c == ' ' && spacesub != '\0') c = spacesub;
      switch (c) {
        case '\\': bslashmode = true; break;
        case '(': ++cmntcnt; break;
        case ')':
          if (cmntcnt-- <= 0) return std::nullopt;
          break;
        case ' ':
        case '\t': ++spacecnt; break;
        default: break;
      }
      if (cmntcnt > 0) {
        s[q++] = c;
        continue;
      }
      switch (c) {
        case '"':
          quotemode = !quotemode;
          ++quotecnt;
          continue;
        case '<': ++anglecnt; break;
        case '>':
          if (anglecnt-- <= 0) return std::nullopt;
          break;
        default: break;
      }
      s[q++] = c;
    }
    if (anglecnt != 0 || cmntcnt != 0 || bslashmode || quotemode || quotecnt <= 0 || spacecnt != 0)
      return std::nullopt;
    s.resize(q);
    std::string out = session.take_buffer();
    map_rewrite_into(out, decl_, s, s, nullptr);
    return out;
  }
};

// The key names a macro ("x" or "{name}"); the first argument becomes its
// value in the session, no argument undefines it.  Always returns "".
class MacroMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession& s, std::string& name, const MapArgs* args, int& status) override {
    std::string_view n = c_str_view(name);
    int mid = n.empty() ? 0 : parse_macro_id(n, s.macro_names(), &s.reporter()).id;
    if (mid == 0) {
      status = kStatConfig;
      return std::nullopt;
    }
    if (!args || args->empty())
      s.macros().define(mid, std::nullopt);
    else
      s.macros().define(mid, std::string(c_str_view((*args)[0])));
    status = kStatOk;
    return std::string();
  }
};

// The key's first byte is the operator; the first two arguments are the
// operands (strtol base 0).  The result is printed into a 16-byte buffer,
// like sendmail's, and -a is not applied.
class ArithMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession&, std::string& name, const MapArgs* args, int& status) override {
    status = kStatOk;
    long v[2] = {0, 0};
    int r = 0;
    if (args)
      for (std::size_t i = 0; i < args->size() && r < 2; ++i)
        v[r++] = std::strtol(std::string(c_str_view((*args)[i])).c_str(), nullptr, 0);
    if (r != 2) {
      status = kStatConfig;
      return std::nullopt;
    }
    // Overflowing operations wrap (sendmail's would be undefined or trap).
    auto wrap = [](unsigned long x) { return static_cast<long>(x); };
    const unsigned long a = static_cast<unsigned long>(v[0]), b = static_cast<unsigned long>(v[1]);
    long res = 0;
    std::optional<bool> boolres;
    switch (name.empty() ? '\0' : name[0]) {
      case '|': res = v[0] | v[1]; break;
      case '&': res = v[0] & v[1]; break;
      case '%':
        if (v[1] == 0) return std::nullopt;
        res = (v[1] == -1) ? 0 : v[0] % v[1];
        break;
      case '+': res = wrap(a + b); break;
      case '-': res = wrap(a - b); break;
      case '*': res = wrap(a * b); break;
      case '/':
        if (v[1] == 0) return std::nullopt;
        res = (v[1] == -1) ? wrap(0UL - a) : v[0] / v[1];
        break;
      case 'l': boolres = v[0] < v[1]; break;
      case '=': boolres = v[0] == v[1]; break;
      case 'r': {
        long span = wrap(b - a + 1);
        if (span <= 0) return std::nullopt;
        static thread_local std::mt19937_64 rng{std::random_device{}()};
        res = static_cast<long>(rng() % static_cast<unsigned long>(span)) + v[0];
        break;
      }
      default:
        status = kStatConfig;
        return std::nullopt;
    }
    std::string out = boolres ? std::string(*boolres ? "TRUE" : "FALSE") : std::to_string(res);
    if (out.size() > 15) out.resize(15);  // char result[16]
    return out;
  }
};

// An IPv4 address a.b.c.d gives d.c.b.a; "IPv6:..." gives the reversed
// nibbles; anything else is not found with status 65.
class ArpaMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession&, std::string& name, const MapArgs* args, int& status) override {
    status = kStatDataErr;
    std::string key(c_str_view(name));
    std::string result;
    if (key.size() >= 5 && equals_nocase(std::string_view(key).substr(0, 5), "IPv6:")) {
      unsigned char a6[16];
      if (::inet_pton(AF_INET6, key.c_str() + 5, a6) == 1) {
        static constexpr char kHex[] = "0123456789abcdef";
        for (int i = 15; i >= 0; --i) {
          result.push_back(kHex[a6[i] & 0x0f]);
          result.push_back('.');
          result.push_back(kHex[(a6[i] >> 4) & 0x0f]);
          if (i > 0) result.push_back('.');
        }
        status = kStatOk;
      }
    } else {
      unsigned char a4[4];
      if (::inet_pton(AF_INET, key.c_str(), a4) == 1) {
        result = fmt::format("{}.{}.{}.{}", a4[3], a4[2], a4[1], a4[0]);
        status = kStatOk;
      }
    }
    if (status != kStatOk) return std::nullopt;
    if (decl_.flags.match_only) return map_rewrite(decl_, key, key, nullptr);
    return map_rewrite(decl_, result, key, args);
  }
};

// Logs the rewritten key and returns "".  smcf does not write to the
// system log: a test session must not leave traces on the machine.
class SyslogMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession&, std::string& name, const MapArgs* args, int& status) override {
    (void)map_rewrite(decl_, name, name, args);
    status = kStatOk;
    return std::string();
  }
};

// userdb: this build has USERDB, but without a UserDatabaseSpec there is
// no database to ask, so nothing is ever found (status unchanged).
class UserDbMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  std::optional<std::string> lookup(MapSession&, std::string&, const MapArgs*, int&) override { return std::nullopt; }
};

}  // namespace

std::unique_ptr<MapImpl> make_null_map(const MapDecl& d) { return std::make_unique<NullMap>(d); }
std::unique_ptr<MapImpl> make_dequote_map(const MapDecl& d) { return std::make_unique<DequoteMap>(d); }
std::unique_ptr<MapImpl> make_macro_map(const MapDecl& d) { return std::make_unique<MacroMap>(d); }
std::unique_ptr<MapImpl> make_arith_map(const MapDecl& d) { return std::make_unique<ArithMap>(d); }
std::unique_ptr<MapImpl> make_arpa_map(const MapDecl& d) { return std::make_unique<ArpaMap>(d); }
std::unique_ptr<MapImpl> make_syslog_map(const MapDecl& d) { return std::make_unique<SyslogMap>(d); }
std::unique_ptr<MapImpl> make_userdb_map(const MapDecl& d) { return std::make_unique<UserDbMap>(d); }

}  // namespace smcf::maps
