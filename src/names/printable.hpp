// printable.hpp -- sendmail's xputs(): how test mode shows a token or a
// string that may hold internal bytes.
//
// Printable ASCII as is; LF CR TAB as \n \r \t; other control bytes and DEL
// not at all; metacharacters as $* $# $@ ..., $=X / $&X / $X with their
// macro or class name ({long} names in braces), $1..$9; any other byte
// >= 0x80 as "M-" followed by its low seven bits printed the same way.
#pragma once
#include <string>
#include <string_view>

namespace smcf {

struct MacroNames;

void append_printable(std::string& out, std::string_view s, const MacroNames& names);
std::string printable(std::string_view s, const MacroNames& names);

}  // namespace smcf
