// address_corpus.hpp -- the address lists smcf coverage and smcf diff read:
// one address per line; blank lines and lines starting with '#' are
// skipped.  A line longer than limits::kToolLine is an error naming the
// file and line, never cut silently.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace smcf::tools {

struct CorpusLine {
  std::string file;
  int line = 0;
  std::string text;
};

// Reads `path` ('-': standard input) and appends its addresses.  On error
// returns the message ("FILE: cannot open: ...", "FILE:N: line too long").
std::optional<std::string> read_address_file(const std::string& path, std::vector<CorpusLine>& out);

// A whole file's bytes ('-': standard input), or nullopt with *err set.
std::optional<std::string> read_whole_file(const std::string& path, int* err);

// The file's lines without their LF (and a CR before it).
std::vector<std::string> split_lines(const std::string& text);

}  // namespace smcf::tools
