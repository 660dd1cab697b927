// map_factory.cpp -- the class name -> implementation table.
#include <string_view>

#include "maps/map_impl.hpp"

namespace smcf::maps {

std::unique_ptr<MapImpl> make_map_impl(const MapDecl& d) {
  using Make = std::unique_ptr<MapImpl> (*)(const MapDecl&);
  struct Entry {
    std::string_view name;
    Make make;
  };
  static constexpr Entry kTable[] = {
      {"hash", make_db_map},         {"btree", make_db_map},       {"implicit", make_implicit_map},
      {"stab", make_stab_map},       {"text", make_text_map},      {"regex", make_regex_map},
      {"host", make_host_map},       {"bestmx", make_bestmx_map},  {"user", make_user_map},
      {"program", make_program_map}, {"socket", make_socket_map},  {"sequence", make_sequence_map},
      {"switch", make_switch_map},   {"null", make_null_map},      {"dequote", make_dequote_map},
      {"macro", make_macro_map},     {"arith", make_arith_map},    {"arpa", make_arpa_map},
      {"syslog", make_syslog_map},   {"dns", make_dns_map},        {"nis", make_nis_map},
      {"nisplus", make_nisplus_map}, {"ldap", make_ldap_map},      {"userdb", make_userdb_map},
  };
  for (const auto& e : kTable)
    if (e.name == d.map_class) return e.make(d);
  return make_null_map(d);
}

}  // namespace smcf::maps
