// cf_source.cpp -- see cf_source.hpp.  The m4 source map is lint's
// (lint/source_text.hpp), so coverage and lint name the same .mc lines.
#include "tools/cf_source.hpp"

#include "host/system.hpp"
#include "image/image_reader.hpp"
#include "lint/source_text.hpp"
#include "tools/address_corpus.hpp"

namespace smcf::tools {

CfSource::CfSource(const std::string& text) : lines_(split_lines(text)) {
  lint::SourceText src(text);
  for (int n = 1; n <= src.line_count(); ++n)
    if (auto o = src.origin(n)) origins_[src.file_line(n)] = *o;
}

const std::string& CfSource::line(int n) const {
  static const std::string none;
  if (n < 1 || n > line_count()) return none;
  return lines_[static_cast<std::size_t>(n - 1)];
}

std::optional<lint::SourceOrigin> CfSource::origin(int n) const {
  auto it = origins_.find(n);
  if (it == origins_.end()) return std::nullopt;
  return it->second;
}

CfSource load_cf_source(const System& sys, const std::string& path) {
  int err = 0;
  auto text = sys.read_file(path, &err);
  if (!text || image::looks_like_image(*text)) return {};
  return CfSource(*text);
}

}  // namespace smcf::tools
