// parse_helpers.hpp -- small tools for the K-line argument parsers, which
// scan a writable NUL-terminated copy of the arguments the way sendmail's
// parsers scan the cf line buffer.
#pragma once
#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace smcf::maps {

// A NUL-terminated, writable copy of a string (up to its first NUL).
class CBuffer {
 public:
  explicit CBuffer(std::string_view s) : buf_(c_str_view(s)) { buf_.push_back('\0'); }
  char* data() { return buf_.data(); }

 private:
  std::string buf_;
};

// SM_ISSPACE(): ASCII white space.
inline bool is_blank(char c) { return is_space(static_cast<unsigned char>(c)); }
inline bool is_ascii_space(char c) { return is_blank(c); }

// The common tail of a flag: skip to the end of the word and cut it there.
inline char* end_word(char* p) {
  while (*p != '\0' && !is_blank(*p)) ++p;
  if (*p != '\0') *p++ = '\0';
  return p;
}

// -z<c>: the byte after 'z', with \n and \t (any other backslash pair
// means a backslash).  p points at the 'z' and is left on the last byte read.
inline char parse_delimiter(char*& p) {
  if (*++p != '\\') return *p;
  switch (*++p) {
    case 'n': return '\n';
    case 't': return '\t';
    default: return '\\';
  }
}

}  // namespace smcf::maps
