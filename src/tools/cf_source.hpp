// cf_source.hpp -- a config's text for the tools that point into it
// (coverage, diff): the physical line a rule was read from, and, when the
// cf was made with `m4 -s`, the .mc/.m4 line it came from.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lint/diagnostic.hpp"

namespace smcf {
class System;
}

namespace smcf::tools {

class CfSource {
 public:
  // No text (a compiled image, or a file that cannot be read again).
  CfSource() = default;
  explicit CfSource(const std::string& text);

  bool has_text() const { return !lines_.empty(); }
  // Physical line n (1-based) of the file as sendmail read it, or "".
  const std::string& line(int n) const;
  int line_count() const { return static_cast<int>(lines_.size()); }
  // Where an m4 sync line says file line n came from.
  std::optional<lint::SourceOrigin> origin(int n) const;

 private:
  std::vector<std::string> lines_;
  std::unordered_map<int, lint::SourceOrigin> origins_;  // file line -> origin
};

// The text of `path`, read as the config was read (--remap applies), if it
// is cf text (not an image); else an empty source.
CfSource load_cf_source(const System& sys, const std::string& path);

}  // namespace smcf::tools
