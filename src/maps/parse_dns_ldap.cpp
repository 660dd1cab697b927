// parse_dns_ldap.cpp -- the K-line parsers of the two network classes
// whose arguments are their own: dns (dns_map_parseargs) and ldap
// (ldapmap_parseargs, reduced to what smcf keeps: no LDAP client is linked,
// so the arguments matter only for their messages and for the flags shared
// with the other classes).
#include <arpa/nameser.h>
#include <fmt/format.h>

#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "maps/map_parsers.hpp"
#include "maps/parse_helpers.hpp"

namespace smcf::maps {
namespace {

struct DnsType {
  std::string_view name;
  int type;
};
// sendmail's stot[] table (sm_resolve.c), in its order.
constexpr DnsType kDnsTypes[] = {{"A", T_A},         {"AAAA", T_AAAA},   {"NS", T_NS},
                                 {"CNAME", T_CNAME}, {"PTR", T_PTR},     {"MX", T_MX},
                                 {"TXT", T_TXT},     {"AFSDB", T_AFSDB}, {"SRV", T_SRV},
                                 {"DS", T_DS},       {"RRSIG", T_RRSIG}, {"NSEC", T_NSEC},
                                 {"DNSKEY", T_DNSKEY}, {"TLSA", T_TLSA}};

int dns_type_of(std::string_view name) {
  for (const auto& t : kDnsTypes)
    if (equals_nocase(t.name, name)) return t.type;
  return -1;
}

// A flag value that may start after blanks ("-k uid=%0").
char* skip_to_value(char* p) {
  while (is_ascii_space(*++p)) {}
  return p;
}

// The ldap parser's word end: quoted strings may contain blanks.
char* end_quoted_word(char* p) {
  while (*p != '\0' && !is_blank(*p)) {
    if (*p == '"') {
      while (*++p != '"' && *p != '\0') {}
      if (*p != '\0') ++p;
    } else {
      ++p;
    }
  }
  if (*p != '\0') *p++ = '\0';
  return p;
}

// "name" matches when the value starts with it (case-insensitive), after
// an optional prefix such as "LDAP_SCOPE_".
bool keyword_in(const char* p, std::string_view prefix, std::initializer_list<std::string_view> names) {
  std::string_view v = p;
  if (v.size() >= prefix.size() && equals_nocase(v.substr(0, prefix.size()), prefix)) v.remove_prefix(prefix.size());
  for (auto n : names)
    if (v.size() >= n.size() && equals_nocase(v.substr(0, n.size()), n)) return true;
  return false;
}

// The value as sendmail prints it in a message: up to the first space.
std::string first_word(const char* p) {
  const char* sp = std::strchr(p, ' ');
  return sp ? std::string(p, sp) : std::string(p);
}

}  // namespace

bool parse_dns_args(MapDecl& map, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* app = nullptr;
  const char* tapp = nullptr;
  map.dns_type = -1;  // a fresh dns_map record each time
  map.dns_type_name.clear();
  map.flags.try0null = map.flags.try1null = true;
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    switch (*++p) {
      case 'A': map.flags.append_dups = true; break;
      case 'a': app = ++p; break;
      case 'B': {
        p = skip_to_value(p);
        map.file = first_word(p);
        break;
      }
      case 'd': {
        ++p;
        char* h = std::strchr(p, ' ');
        if (h) *h = '\0';
        map.timeout = convert_time(p, 's', &env.rep);
        if (h) *h = ' ';
        break;
      }
      case 'f': map.flags.no_fold_case = true; break;
      case 'm': map.flags.match_only = true; break;
      case 'N':
        map.flags.include_null = true;
        map.flags.try0null = false;
        break;
      case 'O': map.flags.try1null = false; break;
      case 'o': map.flags.optional = true; break;
      case 'q': map.flags.keep_quotes = true; break;
      case 'S': break;  // DNSSEC request: no effect without a resolver
      case 'r':
        p = skip_to_value(p);
        map.retry = parse_atoi(p);
        break;
      case 't': map.flags.no_defer = true; break;
      case 'T': tapp = ++p; break;
      case 'z': map.column_delim = parse_delimiter(p); break;
      case 'Z': p = skip_to_value(p); break;  // size limit: kept by sendmail, unused here
      case 'R': {
        p = skip_to_value(p);
        std::string type = first_word(p);
        map.dns_type = dns_type_of(type);
        map.dns_type_name = type;
        // sendmail prints the rest of the line, not just the type word.
        if (map.dns_type < 0)
          env.rep.syserr("dns-map-type", fmt::format("dns map {}: wrong type {}", map.name, p));
        break;
      }
      default: break;
    }
    p = end_word(p);
  }
  if (map.dns_type < 0) env.rep.syserr("dns-map-no-type", fmt::format("dns map {}: missing -R type", map.name));
  if (app) map.append = std::string(app);
  if (tapp) map.tempfail_text = std::string(tapp);
  return true;
}

bool parse_ldap_args(MapDecl& map, std::string_view args, const ParseEnv& env) {
  CBuffer buf(args);
  char* p = buf.data();
  const char* app = nullptr;
  const char* tapp = nullptr;
  LdapSpec spec;
  map.flags.try0null = map.flags.try1null = true;
  map.space_sub = env.space_sub;
  if (map.flags.alias) map.column_delim = ',';
  auto fail = [&](std::string_view id, std::string text) {
    env.rep.syserr(id, text);
    return false;
  };
  for (;;) {
    while (is_blank(*p)) ++p;
    if (*p != '-') break;
    switch (*++p) {
      case 'A': map.flags.append_dups = true; break;
      case 'a': app = ++p; break;
      case 'D': map.flags.defer = true; break;
      case 'f': map.flags.no_fold_case = true; break;
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
      case 'z': map.column_delim = parse_delimiter(p); break;
      case '1': map.flags.single_match = true; break;
      case 'b': p = skip_to_value(p); spec.base = first_word(p); break;
      case 'c': case 'l': case 'x': case 'Z': p = skip_to_value(p); break;
      case 'd': p = skip_to_value(p); spec.bind_dn = first_word(p); break;
      case 'H':
        if (spec.host)
          return fail("ldap-host-and-uri",
                      fmt::format("Can not specify both an LDAP host and an LDAP URI in map {}", map.name));
        p = skip_to_value(p);
        spec.uri = first_word(p);
        break;
      case 'h':
        p = skip_to_value(p);
        if (spec.uri)
          return fail("ldap-host-and-uri",
                      fmt::format("Can not specify both an LDAP host and an LDAP URI in map {}", map.name));
        spec.host = first_word(p);
        break;
      case 'K': case 'n': case 'R': break;
      case 'k': p = skip_to_value(p); spec.filter = first_word(p); break;
      case 'M':
        p = skip_to_value(p);
        if (!keyword_in(p, "LDAP_AUTH_", {"none", "simple", "krbv4"}))
          return fail("ldap-method", fmt::format("Method for binding must be [none|simple|krbv4] (not {}) in map {}",
                                                 first_word(p), map.name));
        break;
      case 'P': p = skip_to_value(p); break;
      case 'p': p = skip_to_value(p); spec.port = parse_atoi(p); break;
      case 'r':
        p = skip_to_value(p);
        if (!keyword_in(p, "LDAP_DEREF_", {"never", "always", "search", "find"}))
          return fail("ldap-deref", fmt::format("Deref must be [never|always|search|find] (not {}) in map {}",
                                                first_word(p), map.name));
        break;
      case 's':
        p = skip_to_value(p);
        if (!keyword_in(p, "LDAP_SCOPE_", {"base", "one", "sub"}))
          return fail("ldap-scope",
                      fmt::format("Scope must be [base|one|sub] (not {}) in map {}", first_word(p), map.name));
        break;
      case 'V': (void)parse_delimiter(p); break;
      case 'v': p = skip_to_value(p); spec.attributes = first_word(p); break;
      case 'w': {
        p = skip_to_value(p);
        int v = parse_atoi(p);
        if (v > 3)
          return fail("ldap-version", fmt::format("LDAP version {} exceeds max of 3 in map {}", v, map.name));
        if (v < 2)
          return fail("ldap-version", fmt::format("LDAP version {} is lower than min of 2 in map {}", v, map.name));
        break;
      }
      default:
        env.rep.syserr("map-illegal-option", fmt::format("Illegal option {} map {}", *p, map.name));
        break;
    }
    p = end_quoted_word(p);
  }
  if (app) map.append = std::string(app);
  if (tapp) map.tempfail_text = std::string(tapp);
  if (!spec.filter) return fail("ldap-no-filter", fmt::format("No filter given in map {}", map.name));
  map.ldap = std::move(spec);
  return true;
}

}  // namespace smcf::maps
