// map_parsers.hpp -- the K-line argument parsers of the map classes
// (sendmail's map_parse functions), run when a K line, an AliasFile entry
// or an F{X}key@class:spec line declares a map.
//
// Each parser works on an existing MapDecl and only overwrites what its
// arguments set, so that a redefinition keeps the old values of everything
// else, exactly like sendmail's in-place re-parse of the same MAP.
#pragma once
#include <functional>
#include <string_view>

#include "ir/map_decl.hpp"
#include "maps/map_classes.hpp"

namespace smcf {
class Reporter;
}

namespace smcf::maps {

struct ParseEnv {
  Reporter& rep;
  char space_sub;  // SpaceSub (BlankSub option) now
  // The declared map with that name (case-insensitive), for sequence members.
  std::function<const MapDecl*(std::string_view)> find_map;
};

// Runs the class's parser over `args` (the text after the class name) and
// returns its verdict (true: the map becomes valid).  Messages are reported
// through env.rep with sendmail's text.
bool parse_map_args(MapDecl& map, const MapClassInfo& cls, std::string_view args, const ParseEnv& env);

// sendmail's convtime(): "1h30m" etc. in seconds; `units` is the unit of a
// bare number.  Bad units are reported (usrerr) and count as `units`.
long convert_time(std::string_view text, char units, Reporter* rep);

// The regex -s field list parser (parse_fields): sub-match numbers, comma
// separated, each < nsub; nullopt after reporting an error.  Also used at
// lookup time for a field list given as the first map argument.
std::optional<std::vector<int>> parse_regex_fields(std::string_view text, int nsub, Reporter& rep);

}  // namespace smcf::maps
