// munch.hpp -- the string unquoters of sendmail's cf reader.
//
// munch_string (sendmail's munchstring): D values, and M/Q/X field values.
//   `"` toggles quoting and is removed; \r \n \f \b are escapes; a
//   backslash before any other byte gives that byte; outside quotes the
//   delimiter ends the value.  Output limited to 2047 bytes.
// extract_quoted (extrquotstr): F-line file names.  `"` toggles quoting;
//   backslash-space is a space, other backslashes are kept; an unquoted
//   byte from `delims` ends the string.  ok=false on an open quote or a
//   trailing backslash.
// split_argv (makeargv): words separated by white space (at most 256).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {

struct Munched {
  std::string value;
  std::size_t end = 0;  // offset of the byte that stopped the scan
};

Munched munch_string(std::string_view p, int delim);

struct Extracted {
  std::string value;
  std::size_t end = 0;
  bool ok = true;
};

Extracted extract_quoted(std::string_view p, std::string_view delims);

std::vector<std::string> split_argv(std::string_view p);

}  // namespace smcf
