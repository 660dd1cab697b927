// cf_lines.hpp -- physical lines to logical lines (sendmail's fgetfolded).
//
// CR LF becomes LF (a lone CR stays a data byte); a line is continued by
// every following line that starts with SPACE or TAB, and the joining LF is
// kept.  The line number is that of the last physical line; a final line
// without LF does not count as a new line (sendmail only counts LFs).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smcf {

struct LogicalLine {
  std::string text;      // without the final LF; may contain NUL bytes
  int first_line = 0;    // 1-based number of its first physical line
  int line_number = 0;   // sendmail's LineNumber after reading it
};

class CfLineReader {
 public:
  explicit CfLineReader(std::string_view data) : data_(data) {}
  std::optional<LogicalLine> next();

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  int line_number_ = 0;
};

}  // namespace smcf
