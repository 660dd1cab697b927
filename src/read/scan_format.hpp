// scan_format.hpp -- the scanf() that F-line class files go through,
// interpreted safely: sendmail calls sscanf(line, FORMAT, word) and keeps
// the line when exactly one item was converted.
//
// Supported: literal bytes, white space (matches any amount), %s, %[set]
// and %[^set] (ranges, leading ]), %c, field widths, %% and suppressed
// conversions (%*d, %*s, ...).  A format whose one assigned conversion is
// not a string conversion (%d, %n, ...) converts nothing (the line is
// skipped) -- sendmail's behaviour there would overwrite its buffer.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace smcf {

std::optional<std::string> scan_one_string(std::string_view line, std::string_view format);

}  // namespace smcf
