// expand.hpp -- sendmail's expand(): macro interpolation of an internal-form
// string, with $?x $| $. conditionals, quoted bytes, re-expansion of values
// that contain metacharacters (10 levels), and the 4096-byte pass buffer.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "base/limits.hpp"

namespace smcf {

class MacroSource;
class Reporter;

// Expands s; the result is cut to fit a buffer of buffer_size bytes
// (including sendmail's terminating NUL).  Reports
// "expand: recursion too deep (10 max)" through rep.
std::string expand(std::string_view s, const MacroSource& macros, Reporter* rep,
                   std::size_t buffer_size = limits::kMaxLine);

}  // namespace smcf
