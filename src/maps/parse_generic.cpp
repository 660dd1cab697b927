// parse_generic.cpp -- the argument parsers shared by most classes:
// map_parseargs (the generic flags), host_map_init, dequote_init (dequote,
// macro, arith, arpa), syslog_map_parseargs and seq_map_parse; plus the
// dispatcher parse_map_args().
//
// The parsers walk a NUL-terminated copy of the arguments with a char
// pointer, cutting words in place, because sendmail's quirks (which flags
// skip blanks, where a word ends, what a flag at the end of the line reads)
// all follow from that style of scanning.
#include <fmt/format.h>

#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "maps/map_parsers.hpp"
#include "maps/parse_helpers.hpp"

namespace smcf::maps {

bool parse_regex_args(MapDecl& map, std::string_view args, const ParseEnv& env);  // parse_regex.cpp
bool parse_dns_args(MapDecl& map, std::string_view args, const ParseEnv& env);    // parse_dns_ldap.cpp
bool parse_ldap_args(MapDecl& map, std::string_view args, const ParseEnv& env);   // parse_dns_ldap.cpp

namespace {

// map_parseargs(): -X flags, then the file name, then the rest ("rebuild").
bool parse_generic(MapDecl& map, const MapClassInfo& cls, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* app = nullptr;
  const char* tapp = nullptr;
  const char* keycol = nullptr;
  const char* valcol = nullptr;

  map.flags.try0null = map.flags.try1null = true;
  map.space_sub = env.space_sub;
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    switch (*++p) {
      case 'A': map.flags.append_dups = true; break;
      case 'a': app = ++p; break;
      case 'D': map.flags.defer = true; break;
      case 'd': {
        ++p;
        char* h = std::strchr(p, ' ');
        if (h) *h = '\0';
        map.timeout = convert_time(p, 's', &env.rep);
        if (h) *h = ' ';
        break;
      }
      case 'f': map.flags.no_fold_case = true; break;
      case 'k':
        while (is_ascii_space(*++p)) {}
        keycol = p;
        break;
      case 'm': map.flags.match_only = true; break;
      case 'N':
        map.flags.include_null = true;
        map.flags.try0null = false;
        break;
      case 'O': map.flags.try1null = false; break;
      case 'o': map.flags.optional = true; break;
      case 'q': map.flags.keep_quotes = true; break;
      case 'S': map.space_sub = *++p; break;
      case 'T': tapp = ++p; break;
      case 't': map.flags.no_defer = true; break;
      case 'v':
        while (is_ascii_space(*++p)) {}
        valcol = p;
        break;
      case 'z': map.column_delim = parse_delimiter(p); break;
      default:
        env.rep.syserr("map-illegal-option", fmt::format("Illegal option {} map {}", *p, map.name));
        break;
    }
    p = end_word(p);
  }
  if (app) map.append = std::string(app);
  if (tapp) map.tempfail_text = std::string(tapp);
  if (keycol) map.key_column = std::string(keycol);
  if (valcol) map.value_column = std::string(valcol);

  if (*p != '\0') {
    char* f = p;
    while (*p != '\0' && !is_blank(*p)) ++p;
    if (*p != '\0') *p++ = '\0';
    map.file = std::string(f);
  }
  while (*p != '\0' && is_blank(*p)) ++p;
  if (*p != '\0') map.extra_args = std::string(p);

  if (!map.file && !cls.file_optional) {
    env.rep.syserr("map-no-file", fmt::format("No file name for {} map {}", cls.name, map.name));
    return false;
  }
  return true;
}

// host_map_init(): -a -T -m -t -S -D -d -r; other letters are ignored.
bool parse_host(MapDecl& map, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* app = nullptr;
  const char* tapp = nullptr;
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    switch (*++p) {
      case 'a': app = ++p; break;
      case 'T': tapp = ++p; break;
      case 'm': map.flags.match_only = true; break;
      case 't': map.flags.no_defer = true; break;
      case 'S': map.space_sub = *++p; break;
      case 'D': map.flags.defer = true; break;
      case 'd': {
        while (is_ascii_space(*++p)) {}
        char* h = std::strchr(p, ' ');
        if (h) *h = '\0';
        map.timeout = convert_time(p, 's', &env.rep);
        if (h) *h = ' ';
        break;
      }
      case 'r':
        while (is_ascii_space(*++p)) {}
        map.retry = parse_atoi(p);
        break;
      default: break;
    }
    p = end_word(p);
  }
  if (app) map.append = std::string(app);
  if (tapp) map.tempfail_text = std::string(tapp);
  return true;
}

// dequote_init(): keeps quotes; reads -a -D -S/-s, but only the first flag
// (it ends the first word without stepping past it).
bool parse_dequote(MapDecl& map, std::string_view args) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* app = nullptr;
  map.flags.keep_quotes = true;
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    switch (*++p) {
      case 'a': app = ++p; break;
      case 'D': map.flags.defer = true; break;
      case 'S':
      case 's': map.space_sub = *++p; break;
      default: break;
    }
    while (*p != '\0' && !is_blank(*p)) ++p;
    if (*p != '\0') *p = '\0';
  }
  if (app) map.append = std::string(app);
  return true;
}

struct SyslogLevel {
  std::string_view name;
  int value;
};
constexpr SyslogLevel kSyslogLevels[] = {{"EMERG", 0}, {"ALERT", 1}, {"CRIT", 2},  {"ERR", 3},
                                         {"WARNING", 4}, {"NOTICE", 5}, {"INFO", 6}, {"DEBUG", 7}};

// syslog_map_parseargs(): -D, -S<c>, -L <priority>.
bool parse_syslog(MapDecl& map, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* priority = nullptr;
  while (*p != '\0') {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    ++p;
    if (*p == 'D') {
      map.flags.defer = true;
      ++p;
    } else if (*p == 'S') {
      map.space_sub = *++p;
      if (*p != '\0') ++p;
    } else if (*p == 'L') {
      while (*++p != '\0' && is_blank(*p)) {}
      if (*p == '\0') break;
      priority = p;
      while (*p != '\0' && !is_blank(*p)) ++p;
      if (*p != '\0') *p++ = '\0';
    } else {
      env.rep.syserr("map-illegal-option", fmt::format("Illegal option {} map syslog", *p));
      ++p;
    }
  }
  if (!priority) {
    map.syslog_priority = 6;
    return true;
  }
  std::string_view pr = priority;
  if (pr.size() >= 4 && equals_nocase(pr.substr(0, 4), "LOG_")) pr.remove_prefix(4);
  for (const auto& l : kSyslogLevels) {
    if (equals_nocase(l.name, pr)) {
      map.syslog_priority = l.value;
      return true;
    }
  }
  env.rep.syserr("map-syslog-priority", fmt::format("syslog_map_parseargs: Unknown priority {}", pr));
  return false;
}

bool is_map_name_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return is_alnum(u) || c == '_' || c == '.';
}

// seq_map_parse(): member map names, separated by anything that is not
// alphanumeric; each must already be declared.
bool parse_sequence(MapDecl& map, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* ap = buf.data();
  std::size_t count = 0;
  while (*ap != '\0') {
    while (is_blank(*ap)) ++ap;
    char* p = ap;
    while (is_map_name_char(*p)) ++p;
    if (*p != '\0') *p++ = '\0';
    while (*p != '\0' && !is_alnum(static_cast<unsigned char>(*p))) ++p;
    if (*ap == '\0') {
      ap = p;
      continue;
    }
    const MapDecl* m = env.find_map ? env.find_map(ap) : nullptr;
    if (!m) {
      env.rep.syserr("map-seq-unknown-member",
                     fmt::format("Sequence map {}: unknown member map {}", map.name, ap));
    } else if (count >= static_cast<std::size_t>(limits::kMaxMapStack)) {
      env.rep.syserr("map-seq-too-many",
                     fmt::format("Sequence map {}: too many member maps ({} max)", map.name, limits::kMaxMapStack));
      ++count;
    } else {
      // sendmail keeps a pointer to the member's table entry, which a later
      // K line for that name updates in place; the name is equivalent.
      if (count < map.members.size())
        map.members[count] = m->name;
      else
        map.members.push_back(m->name);
      ++count;
    }
    ap = p;
  }
  return true;
}

}  // namespace

bool parse_map_args(MapDecl& map, const MapClassInfo& cls, std::string_view args, const ParseEnv& env) {
  switch (cls.parser) {
    case ArgParser::Generic: return parse_generic(map, cls, args, env);
    case ArgParser::Host: return parse_host(map, args, env);
    case ArgParser::Dequote: return parse_dequote(map, args);
    case ArgParser::Regex: return parse_regex_args(map, args, env);
    case ArgParser::Sequence: return parse_sequence(map, args, env);
    case ArgParser::Syslog: return parse_syslog(map, args, env);
    case ArgParser::Dns: return parse_dns_args(map, args, env);
    case ArgParser::Ldap: return parse_ldap_args(map, args, env);
  }
  return false;
}

long convert_time(std::string_view text, char units, Reporter* rep) {
  text = c_str_view(text);
  if (equals_nocase(text, "now")) return -1;  // sendmail's NOW
  bool positive = true;
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    positive = false;
    ++i;
  }
  long r = 0;
  while (i < text.size()) {
    long t = 0;
    char c = '\0';
    while (i < text.size()) {
      c = text[i++];
      if (!is_digit(static_cast<unsigned char>(c))) break;
      t = t * 10 + (c - '0');
      c = '\0';
    }
    if (c == '\0') {
      c = units;
    } else if (std::strchr("wdhms", c) == nullptr) {
      if (rep) rep->usrerr("convtime-bad-unit", fmt::format("Invalid time unit `{}'", c));
      c = units;
    }
    switch (c) {
      case 'w': t *= 7; [[fallthrough]];
      case 'd': [[fallthrough]];
      default: t *= 24; [[fallthrough]];
      case 'h': t *= 60; [[fallthrough]];
      case 'm': t *= 60; [[fallthrough]];
      case 's': break;
    }
    r += t;
  }
  return positive ? r : -r;
}

}  // namespace smcf::maps
