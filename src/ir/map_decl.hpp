// map_decl.hpp -- a map declaration (K line) as plain data.
#pragma once
#include <string>
#include <vector>

#include "base/diag.hpp"

namespace smcf {

struct MapDecl {
  std::string name;
  std::string map_class;  // e.g. "hash", "regex", "host"
  std::string args;       // everything after the class, as read (macro-expanded)
  char space_sub_at_declaration = ' ';  // SpaceSub when the K line was read
  bool implicit = false;  // created by sendmail itself (host, aliases, ...)
  SourcePos pos;
};

}  // namespace smcf
