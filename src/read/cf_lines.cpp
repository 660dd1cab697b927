// cf_lines.cpp -- line folding.
#include "read/cf_lines.hpp"

namespace smcf {

std::optional<LogicalLine> CfLineReader::next() {
  if (pos_ >= data_.size()) return std::nullopt;
  LogicalLine out;
  out.first_line = line_number_ + 1;
  while (pos_ < data_.size()) {
    char c = data_[pos_++];
    if (c == '\r') {
      if (pos_ < data_.size() && data_[pos_] == '\n') c = data_[pos_++];
    }
    out.text.push_back(c);
    if (c == '\n') {
      ++line_number_;
      if (pos_ >= data_.size() || (data_[pos_] != ' ' && data_[pos_] != '\t')) break;
    }
  }
  if (!out.text.empty() && out.text.back() == '\n') out.text.pop_back();
  out.line_number = line_number_;
  return out;
}

}  // namespace smcf
