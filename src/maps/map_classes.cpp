// map_classes.cpp -- the table of available map classes.
#include "maps/map_classes.hpp"

#include "base/bytes.hpp"

namespace smcf::maps {
namespace {

constexpr MapClassInfo kClasses[] = {
    {"hash", ArgParser::Generic, false, true},
    {"btree", ArgParser::Generic, false, true},
    {"nis", ArgParser::Generic, false, true},
    {"nisplus", ArgParser::Generic, false, true},
    {"ldap", ArgParser::Ldap, false, true},
    {"dns", ArgParser::Dns, false, false},
    {"bestmx", ArgParser::Generic, true, false},
    {"host", ArgParser::Host, false, false},
    {"text", ArgParser::Generic, false, true},
    {"stab", ArgParser::Generic, false, true},
    {"implicit", ArgParser::Generic, false, true},
    {"user", ArgParser::Generic, true, false},
    {"dequote", ArgParser::Dequote, false, false},
    {"regex", ArgParser::Regex, false, false},
    {"userdb", ArgParser::Generic, false, false},
    {"program", ArgParser::Generic, false, true},
    {"sequence", ArgParser::Sequence, false, true},
    {"switch", ArgParser::Generic, false, true},
    {"null", ArgParser::Generic, true, true},
    {"syslog", ArgParser::Syslog, false, false},
    {"macro", ArgParser::Dequote, false, false},
    {"arith", ArgParser::Dequote, false, false},
    {"arpa", ArgParser::Dequote, false, false},
    {"socket", ArgParser::Generic, false, true},
};

}  // namespace

const MapClassInfo* find_map_class(std::string_view name) {
  for (const auto& c : kClasses)
    if (equals_nocase(c.name, name)) return &c;
  return nullptr;
}

}  // namespace smcf::maps
