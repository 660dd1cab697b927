// regex_limits.hpp -- the fixed sizes of sendmail's regex map (map.c).
#pragma once

namespace smcf::maps {

inline constexpr int kRegexMaxMatch = 32;       // MAX_MATCH: sub-matches regexec fills
inline constexpr int kRegexMaxFields = 32;      // -s fields per map (MAX_MATCH + 1, less the end mark)
inline constexpr int kRegexErrBufSize = 80;     // ERRBUF_SIZE: regerror() text
inline constexpr int kRegexResultSize = 256;    // MAXNAME: -s result buffer (255 bytes kept)

}  // namespace smcf::maps
