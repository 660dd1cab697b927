// address_corpus.cpp -- reading address lists (see address_corpus.hpp).
#include "tools/address_corpus.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/limits.hpp"

namespace smcf::tools {

std::optional<std::string> read_whole_file(const std::string& path, int* err) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = errno;
    return std::nullopt;
  }
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t nl = text.find('\n', i);
    std::size_t end = nl == std::string::npos ? text.size() : nl;
    std::string line = text.substr(i, end - i);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    i = end + 1;
  }
  return lines;
}

std::optional<std::string> read_address_file(const std::string& path, std::vector<CorpusLine>& out) {
  int err = 0;
  auto text = read_whole_file(path, &err);
  std::string name = path == "-" ? "<stdin>" : path;
  if (!text) return fmt::format("{}: cannot open: {}", name, std::strerror(err));
  int n = 0;
  for (std::string& line : split_lines(*text)) {
    ++n;
    if (line.size() >= limits::kToolLine)
      return fmt::format("{}:{}: line too long ({} bytes, {} max)", name, n, line.size(), limits::kToolLine - 1);
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    out.push_back({name, n, std::move(line)});
  }
  return std::nullopt;
}

}  // namespace smcf::tools
