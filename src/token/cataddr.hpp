// cataddr.hpp -- joining tokens back into a string (sendmail's cataddr()).
//
// Tokens are concatenated; the separator byte goes between two neighbours
// whose first bytes are both atom characters of the (operator-adjusted)
// internal table.  The output is silently truncated to fit a buffer of
// buffer_size bytes, exactly where sendmail truncates.  In external form a
// quote byte (0377) and the byte after it become that byte alone.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "token/char_types.hpp"

namespace smcf {

inline constexpr int kNoSpaceSep = 256;  // no separator at all

void cataddr_append(std::string& out, std::span<const std::string_view> tokens, std::size_t buffer_size,
                    int separator, bool external, const CharTable& internal_table);

inline std::string cataddr(std::span<const std::string_view> tokens, std::size_t buffer_size, int separator,
                           bool external, const CharTable& internal_table) {
  std::string out;
  cataddr_append(out, tokens, buffer_size, separator, external, internal_table);
  return out;
}

}  // namespace smcf
