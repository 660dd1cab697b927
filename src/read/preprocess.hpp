// preprocess.hpp -- the per-line preprocessing every non-comment cf line
// (and every test-mode .D/.C value) goes through before it is interpreted
// (sendmail's translate_dollars): meta-quoting of high bytes, inline #
// comments from V3 on, $$, $x / ${name} / $=x / $~x / $&x / $?x into
// internal form, and removal of trailing white space.
#pragma once
#include <string>
#include <string_view>

namespace smcf {

struct MacroNames;
class Reporter;

// Prefixes every byte 0x80-0x9f and 0xff with the quote byte 0xff.
std::string quote_internal_chars(std::string_view s);

// The line in internal form.  A macro-name error truncates the line where
// the name was (sendmail writes a NUL there), but later names on the line
// are still parsed and their errors reported, as sendmail does.
std::string translate_dollars(std::string_view line, int config_level, MacroNames& names, Reporter* rep);

}  // namespace smcf
