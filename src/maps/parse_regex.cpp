// parse_regex.cpp -- the regex class's K-line parser (regex_map_init) and
// its -s field lists (parse_fields).
//
// The pattern is compiled here once to report errors at read time, as
// sendmail does; every session compiles its own copy again (regex_t is not
// plain data and may not be shared between threads).
#include <fmt/format.h>
#include <regex.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "maps/map_parsers.hpp"
#include "maps/parse_helpers.hpp"
#include "maps/regex_limits.hpp"

namespace smcf::maps {

std::optional<std::vector<int>> parse_regex_fields(std::string_view text, int nsub, Reporter& rep) {
  CBuffer buf(text);
  char* s = buf.data();
  char* cp = s;
  bool last = false;
  std::vector<int> out;
  do {
    for (;; ++cp) {
      if (*cp == ',') {
        *cp = '\0';
        break;
      }
      if (*cp == '\0') {
        last = true;
        break;
      }
    }
    if (out.size() < static_cast<std::size_t>(kRegexMaxFields)) {
      int val = parse_atoi(s);
      if (val < 0 || val >= nsub) {
        rep.syserr("regex-field-range",
                   fmt::format("field ({}) out of range, only {} substrings in pattern", val, nsub));
        return std::nullopt;
      }
      out.push_back(val);
    } else {
      rep.syserr("regex-too-many-fields", fmt::format("too many fields, {} max", kRegexMaxFields));
      return std::nullopt;
    }
    s = ++cp;
  } while (!last);
  return out;
}

bool parse_regex_args(MapDecl& map, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* sub_param = nullptr;
  const char* delim = nullptr;
  const char* app = nullptr;
  int cflags = REG_ICASE | REG_EXTENDED | REG_NOSUB;
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    switch (*++p) {
      case 'n': map.flags.regex_not = true; break;
      case 'f':
        map.flags.no_fold_case = true;
        cflags &= ~REG_ICASE;
        break;
      case 'b': cflags &= ~REG_EXTENDED; break;
      case 's':
        sub_param = ++p;
        cflags &= ~REG_NOSUB;
        break;
      case 'd': delim = ++p; break;
      case 'a': app = ++p; break;
      case 'm': map.flags.match_only = true; break;
      case 'q': map.flags.keep_quotes = true; break;
      case 'S': map.space_sub = *++p; break;
      case 'D': map.flags.defer = true; break;
      default: break;
    }
    p = end_word(p);
  }

  RegexSpec spec;
  spec.pattern = p;
  spec.cflags = cflags;
  regex_t re;
  int err = ::regcomp(&re, spec.pattern.c_str(), cflags);
  if (err != 0) {
    char errbuf[kRegexErrBufSize];
    ::regerror(err, &re, errbuf, sizeof errbuf);
    env.rep.syserr("regex-compile", fmt::format("pattern-compile-error: {}", errbuf));
    return false;
  }
  int substrings = static_cast<int>(re.re_nsub) + 1;
  ::regfree(&re);

  if (app) map.append = std::string(app);
  spec.delimiter = delim ? std::string(delim) : std::string(1, static_cast<char>(metabyte::kCondElse));
  if (!(cflags & REG_NOSUB)) {
    if (substrings >= kRegexMaxMatch) {
      env.rep.syserr("regex-too-many-substrings", fmt::format("too many substrings, {} max", kRegexMaxMatch));
      return false;
    }
    if (sub_param && *sub_param != '\0') {
      auto fields = parse_regex_fields(sub_param, substrings, env.rep);
      if (!fields) return false;
      spec.fields = std::move(*fields);
    } else {
      std::vector<int> all;
      for (int i = 0; i < substrings; ++i) all.push_back(i);
      spec.fields = std::move(all);
    }
  }
  map.regex = std::move(spec);
  return true;
}

}  // namespace smcf::maps
