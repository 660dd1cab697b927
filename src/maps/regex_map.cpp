// regex_map.cpp -- the regex class (map.c regex_map_lookup): POSIX regular
// expressions (regcomp/regexec, case-insensitive unless -f, extended
// unless -b).  Without -s a match returns "" (+ -a); with -s the selected
// sub-matches joined by the -d delimiter (default the $| byte); -m returns
// the key; -n inverts the test.  A field list given as the first map
// argument replaces the -s list for that lookup.
#include <fmt/format.h>
#include <regex.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_parsers.hpp"
#include "maps/map_value.hpp"
#include "maps/regex_limits.hpp"

namespace smcf::maps {
namespace {

class RegexMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  ~RegexMap() override {
    if (compiled_) ::regfree(&re_);
  }

  bool open(MapSession&) override {
    // The declaration only exists when the pattern compiled at read time.
    if (!decl_.regex) return false;
    compiled_ = ::regcomp(&re_, decl_.regex->pattern.c_str(), decl_.regex->cflags) == 0;
    return compiled_;
  }

  std::optional<std::string> lookup(MapSession& s, std::string& name, const MapArgs* args, int& status) override {
    std::string key(c_str_view(name));
    regmatch_t pmatch[kRegexMaxMatch];
    int res = ::regexec(&re_, key.c_str(), kRegexMaxMatch, pmatch, 0);
    if (decl_.flags.regex_not) {
      if (res == REG_NOMATCH) return result(key, "", args);
      return std::nullopt;
    }
    if (res == REG_NOMATCH) return std::nullopt;
    if (!decl_.regex->fields) return result(key, "", args);

    std::vector<int> fields;
    if (args && !args->empty()) {
      auto f = parse_regex_fields((*args)[0], static_cast<int>(re_.re_nsub) + 1, s.reporter());
      if (!f) {
        status = kStatConfig;
        return std::nullopt;
      }
      fields = std::move(*f);
    } else {
      fields = *decl_.regex->fields;
    }

    // Copy the sub-matches, watching that the result would still tokenize
    // as the address it came from (balanced <> (), closed quotes, no
    // trailing backslash, no spaces); otherwise sendmail only logs a
    // warning and reports "not found".
    std::string out;
    const std::size_t cap = kRegexResultSize - 1;
    int anglecnt = 0, cmntcnt = 0, spacecnt = 0;
    bool quotemode = false, bslashmode = false, first = true;
    for (int f : fields) {
      if (!first) {
        for (char c : decl_.regex->delimiter)
          if (out.size() < cap) out.push_back(c);
      }
      first = false;
      if (f >= kRegexMaxMatch || pmatch[f].rm_so < 0 || pmatch[f].rm_eo < 0) continue;
      for (auto i = pmatch[f].rm_so; i < pmatch[f].rm_eo; ++i) {
        if (out.size() >= cap) continue;
        char c = key[static_cast<std::size_t>(i)];
        out.push_back(c);
        if (bslashmode) {
          bslashmode = false;
          continue;
        }
        if (quotemode && c != '"' && c != '\\') continue;
        switch (c) {
          case '\\': bslashmode = true; break;
          case '(': ++cmntcnt; break;
          case ')': --cmntcnt; break;
          case '<': ++anglecnt; break;
          case '>': --anglecnt; break;
          case ' ': ++spacecnt; break;
          case '"': quotemode = !quotemode; break;
          default: break;
        }
      }
    }
    if (anglecnt != 0 || cmntcnt != 0 || quotemode || bslashmode || spacecnt != 0) return std::nullopt;
    return result(key, out, args);
  }

 private:
  // regex_map_rewrite(): -m returns av[0], the key.
  std::string result(const std::string& key, std::string_view value, const MapArgs* args) const {
    if (decl_.flags.match_only) return map_rewrite(decl_, key, key, nullptr);
    return map_rewrite(decl_, value, key, args);
  }

  regex_t re_{};
  bool compiled_ = false;
};

}  // namespace

std::unique_ptr<MapImpl> make_regex_map(const MapDecl& d) { return std::make_unique<RegexMap>(d); }

}  // namespace smcf::maps
