// map_value.hpp -- the string steps every map class shares: building the
// returned value (map_rewrite) and lower-casing keys (makelower); keys are
// stripped of quotes with base/bytes.hpp's strip_quotes_in_place().
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/map_decl.hpp"
#include "maps/session.hpp"

namespace smcf::maps {

// map_rewrite(): `value` up to its first NUL; with args (av != NULL) "%0"
// is the key, "%1".."%9" the arguments (a missing one gives nothing), "%%"
// is "%", "%" + any other byte is kept as is; then the map's -a text.
std::string map_rewrite(const MapDecl& map, std::string_view value, std::string_view key, const MapArgs* args);
// The same into `out` (replacing its contents, keeping its buffer).  `out`
// must not alias value, key or args.
void map_rewrite_into(std::string& out, const MapDecl& map, std::string_view value, std::string_view key,
                      const MapArgs* args);

// makelower(): ASCII upper case to lower case.
std::string lower_key(std::string_view s);

// sendmail's key buffers: at most 256 bytes (MAXNAME) of the key are used.
inline constexpr std::size_t kMaxKeyBytes = 256;

}  // namespace smcf::maps

namespace smcf::maps {

// get_column(): column `col` (0-based) of `line`, columns separated by
// `delim` or, when delim is 0, by runs of white space (leading blanks
// skipped); cut to buflen - 1 bytes.  nullopt when the line is empty, when
// column 0 is empty with a delimiter, or when the line has fewer columns.
std::optional<std::string> get_column(std::string_view line, int col, char delim, std::size_t buflen);

// Splits text into the lines fgets() would read into a buffer of `bufsize`
// bytes (each keeps its LF; a long line comes in several pieces).
std::vector<std::string_view> fgets_lines(std::string_view text, std::size_t bufsize);

}  // namespace smcf::maps
