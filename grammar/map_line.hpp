// map_line.hpp -- grammar declarations for the structure of a K line:
// "name class arguments".  Definitions: map_line_def.hpp; instantiated in
// src/read/grammar_map_line.cpp.  The class's own argument syntax is read
// by the class parsers (src/maps/map_parsers.hpp), which need sendmail's
// in-place scanning quirks rather than a grammar.
#pragma once
#include <string>
#include <string_view>

namespace smcf::grammar {

struct MapLineHead {
  std::string name;       // ASCII alphanumeric, then alphanumerics, '_' and '.'
  std::string map_class;  // ASCII alphanumerics
  std::string args;       // the rest, after the blanks that follow the class
};

enum class MapLineStatus { Ok, NoName, NoClass };

// The text after 'K' (macro-expanded, up to its first NUL).  The byte that
// ends the name or the class is consumed whatever it is (sendmail writes
// its NUL over it): "Kfoo:hash x" declares foo of class hash.  NoClass
// leaves the name filled in (the message names the map).
MapLineStatus parse_map_line(std::string_view text, MapLineHead& out);

}  // namespace smcf::grammar
