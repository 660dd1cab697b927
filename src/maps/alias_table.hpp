// alias_table.hpp -- sendmail's in-memory alias table (ST_ALIAS symbol
// entries): what stab maps look up, filled by reading alias files
// (alias.c readaliases()) when a stab map, or an implicit alias map with
// no database, is opened.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace smcf::maps {

class MapSession;

struct AliasTable {
  std::unordered_map<std::string, std::string> entries;  // lower-case LHS user -> RHS

  const std::string* find(std::string_view user) const;
  void store(std::string_view user, std::string_view rhs);
};

// readaliases(): reads the alias file `file` (as written in the cf) into
// the session's table.  Returns false when the file cannot be opened
// (nothing is reported then, as in stab_map_open()).  Reports sendmail's
// messages with "FILE: line N: " and, when verbose, the final count.
// `store` receives each alias instead of the session's table (newaliases
// writing a database: envelope/alias_rebuild.hpp); the reporter's file and
// line are the alias's while it runs.
using AliasStore = std::function<void(std::string_view user, std::string_view rhs)>;
bool read_alias_file(MapSession& s, std::string_view file, const AliasStore& store = {});

}  // namespace smcf::maps
