// message_reader.cpp -- collect() on a local message (see message_reader.hpp).
#include "submit/message_reader.hpp"

namespace smcf::submit {
namespace {

// The input as collect() sees it character by character: CR LF is LF, a
// lone CR stays, and (without -i) a line "." ends the input.
std::vector<std::string> logical_lines(std::string_view in, bool ignore_dots, bool seven_bit, bool* eight_bit) {
  std::vector<std::string> lines;
  std::string cur;
  for (std::size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (seven_bit) c &= 0x7f;
    else if (c & 0x80) *eight_bit = true;
    if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') continue;
    cur.push_back(static_cast<char>(c));
    if (c == '\n') {
      if (!ignore_dots && cur == ".\n") return lines;
      // Without -i a leading ".." stands for "." (the first dot is eaten).
      if (!ignore_dots && cur.compare(0, 2, "..") == 0) cur.erase(0, 1);
      lines.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty() && !(!ignore_dots && cur == ".")) lines.push_back(std::move(cur));
  return lines;
}

}  // namespace

bool is_header_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == ':' || c <= ' ' || c >= 0x7f) break;
    ++i;
  }
  if (i == 0) return false;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && line[i] == ':';
}

CollectedMessage read_message(std::string_view input, const ReadOptions& opts) {
  CollectedMessage m;
  std::vector<std::string> lines = logical_lines(input, opts.ignore_dots, opts.seven_bit_input, &m.eight_bit);
  std::size_t i = 0;
  long header_bytes = 0;
  for (const auto& l : lines) m.size += static_cast<long>(l.size());
  if (i < lines.size() && lines[i].compare(0, 5, "From ") == 0) {
    // eatfrom(): the UNIX envelope line is not part of the message (it
    // still counts in the size, as in collect()).
    m.unix_from = lines[i];
    if (!m.unix_from.empty() && m.unix_from.back() == '\n') m.unix_from.pop_back();
    ++i;
  }
  while (i < lines.size()) {
    std::string line = lines[i];
    std::string_view first = line;
    if (!first.empty() && first.back() == '\n') first.remove_suffix(1);
    if (!is_header_line(first)) break;
    std::string header(first);
    header_bytes += static_cast<long>(line.size());
    ++i;
    while (i < lines.size() && !lines[i].empty() && (lines[i][0] == ' ' || lines[i][0] == '\t')) {
      std::string_view cont = lines[i];
      header_bytes += static_cast<long>(cont.size());
      if (!cont.empty() && cont.back() == '\n') cont.remove_suffix(1);
      header += "\n";
      header += cont;
      ++i;
    }
    if (opts.max_headers_length > 0 && header_bytes > opts.max_headers_length) {
      m.headers_too_large = true;
      break;
    }
    m.header_lines.push_back(std::move(header));
  }
  m.header_bytes = header_bytes;
  // The blank separator line is dropped; any other line is the body's first.
  if (i < lines.size() && lines[i] == "\n") ++i;
  for (; i < lines.size(); ++i) m.body += lines[i];
  if (opts.max_message_size > 0 && m.size > opts.max_message_size) m.too_big = true;
  return m;
}

}  // namespace smcf::submit
