// map_declare.hpp -- entering maps into a Config at read time: sendmail's
// makemapentry() (K lines and the maps sendmail declares itself), setalias()
// (the AliasFile option) and inithostmaps() (defaults after the cf).
#pragma once
#include <cstddef>
#include <string_view>

#include "base/diag.hpp"

namespace smcf {
struct Config;
struct MapDecl;
struct ReadContext;
}  // namespace smcf

namespace smcf::maps {

// The map named `name` (case-insensitive, like sendmail's symbol table).
const MapDecl* find_map(const Config& cf, std::string_view name);
MapDecl* find_map(Config& cf, std::string_view name);

// makemapentry(): "name class args" (already macro-expanded).  Reports the
// syntax errors, enters (or re-parses in place) the map and runs its
// class's parser.  Returns the entry, or nullptr when the line was refused.
MapDecl* make_map_entry(Config& cf, Reporter& rep, std::string_view line, const SourcePos& pos,
                        bool implicit = false);

// setalias(): one AliasFile value ("[class:]spec,[class:]spec...").  The
// options module calls it when AliasFile is set (with "aliases" for an
// empty value); it creates the "aliases.files" sequence and Alias0, Alias1...
void declare_alias_maps(ReadContext& ctx, std::string_view spec);
// One entry already split by the caller (class "implicit" when the entry
// named none): what declare_alias_maps() does for each entry.
void declare_alias_map(ReadContext& ctx, std::string_view class_name, std::string_view spec);

}  // namespace smcf::maps
