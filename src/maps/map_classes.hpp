// map_classes.hpp -- the map classes this sendmail build offers (conf.c
// setupmaps() with MAP_REGEX, NEWDB, NIS, NISPLUS, LDAPMAP, NAMED_BIND +
// DNSMAP, SOCKETMAP, USERDB; no NDBM, CDB, PH, NSD, HESIOD, NETINFO) and
// how each one reads its K-line arguments.
#pragma once
#include <string_view>

namespace smcf::maps {

// Which argument parser a class uses (sendmail's map_parse function).
enum class ArgParser : unsigned char {
  Generic,   // map_parseargs: hash btree text stab implicit user userdb program switch null nis nisplus bestmx socket
  Host,      // host_map_init
  Dequote,   // dequote_init: dequote macro arith arpa
  Regex,     // regex_map_init
  Sequence,  // seq_map_parse
  Syslog,    // syslog_map_parseargs
  Dns,       // dns_map_parseargs
  Ldap,      // ldapmap_parseargs
};

struct MapClassInfo {
  std::string_view name;  // canonical (lower case) name
  ArgParser parser;
  bool file_optional;     // MCF_OPTFILE: no "No file name" error
  bool alias_ok;          // MCF_ALIASOK: usable in AliasFile
};

// The class named `name` (case-insensitive, as sendmail's symbol table), or
// nullptr when this build does not have it.
const MapClassInfo* find_map_class(std::string_view name);

}  // namespace smcf::maps
