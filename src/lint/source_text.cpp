// source_text.cpp -- splitting the linted file into physical and logical
// lines, the m4 source map and the suppression comments.
#include "lint/source_text.hpp"

#include <algorithm>

#include "base/bytes.hpp"

namespace smcf::lint {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<int> parse_sync_line(std::string_view line, std::string* file) {
  constexpr std::string_view kPrefix = "#line ";
  if (line.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest = line.substr(kPrefix.size());
  std::size_t d = 0;
  while (d < rest.size() && is_digit(static_cast<unsigned char>(rest[d]))) ++d;
  if (d == 0 || d > 9) return std::nullopt;
  int n = static_cast<int>(parse_long(rest.substr(0, d), nullptr, 10));
  rest.remove_prefix(d);
  std::string name;
  if (!rest.empty()) {
    // ` "file"` and nothing else: anything more is an ordinary comment.
    if (rest.size() < 3 || rest[0] != ' ' || rest[1] != '"' || rest.back() != '"') return std::nullopt;
    name = std::string(rest.substr(2, rest.size() - 3));
    if (name.find('"') != std::string::npos) return std::nullopt;
  }
  if (file) *file = std::move(name);
  return n;
}

std::vector<std::string> parse_suppression(std::string_view line) {
  std::vector<std::string> out;
  if (line.empty() || line[0] != '#') return out;
  std::string_view s = trim(line.substr(1));
  constexpr std::string_view kTag = "smcf-lint:";
  if (s.substr(0, kTag.size()) != kTag) return out;
  s = trim(s.substr(kTag.size()));
  constexpr std::string_view kIgnore = "ignore=";
  if (s.substr(0, kIgnore.size()) != kIgnore) return out;
  s.remove_prefix(kIgnore.size());
  while (!s.empty()) {
    std::size_t end = s.find_first_of(", \t");
    std::string_view id = s.substr(0, end);
    if (!id.empty()) out.emplace_back(id);
    if (end == std::string_view::npos) break;
    s.remove_prefix(end + 1);
  }
  return out;
}

SourceText::SourceText(std::string_view file_text) {
  // Physical lines of the file, then the sync lines taken out.
  int file_line = 0;
  int current_file = -1;
  int current_line = 0;  // origin line of the next cf line
  std::size_t pos = 0;
  while (pos < file_text.size()) {
    std::size_t lf = file_text.find('\n', pos);
    bool has_lf = lf != std::string_view::npos;
    std::size_t end = has_lf ? lf : file_text.size();
    std::string_view raw = file_text.substr(pos, end - pos);
    pos = has_lf ? lf + 1 : file_text.size();
    ++file_line;

    std::string name;
    std::string_view body = raw;
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    if (auto n = parse_sync_line(body, &name)) {
      ++sync_lines_;
      if (!name.empty()) {
        auto it = std::find(origin_files_.begin(), origin_files_.end(), name);
        current_file = static_cast<int>(it - origin_files_.begin());
        if (it == origin_files_.end()) origin_files_.push_back(name);
      }
      current_line = *n;
      // A sync line followed by a continuation: without -s, that line
      // continues the line before the sync line.
      if (pos < file_text.size() && is_blank(file_text[pos]) && !lines_.empty())
        split_syncs_.push_back(file_line);
      continue;
    }
    std::size_t begin = cf_text_.size();
    cf_text_.append(raw);
    std::size_t stop = begin + body.size();
    if (has_lf) cf_text_.push_back('\n');
    lines_.emplace_back(begin, stop);
    file_lines_.push_back(file_line);
    origins_.push_back(current_file >= 0 || current_line > 0 ? Origin{current_file, current_line} : Origin{});
    if (current_line > 0) ++current_line;
  }

  // Logical lines: a line starting with SPACE or TAB continues the one
  // before (except at the very top of the file).
  logical_index_.assign(lines_.size() + 1, -1);
  for (int n = 1; n <= line_count(); ++n) {
    std::string_view l = line(n);
    bool continues = n > 1 && !l.empty() && is_blank(l[0]);
    if (continues) {
      logical_.back().last = n;
    } else {
      logical_.push_back(LogicalLine{n, n});
    }
    logical_index_[static_cast<std::size_t>(n)] = static_cast<int>(logical_.size()) - 1;
  }
}

std::string_view SourceText::line(int n) const {
  if (n < 1 || n > line_count()) return {};
  auto [b, e] = lines_[static_cast<std::size_t>(n - 1)];
  return std::string_view(cf_text_).substr(b, e - b);
}

int SourceText::file_line(int n) const {
  if (n < 1) return 0;
  if (n > line_count()) return file_lines_.empty() ? n : file_lines_.back() + (n - line_count());
  return file_lines_[static_cast<std::size_t>(n - 1)];
}

std::optional<SourceOrigin> SourceText::origin(int n) const {
  if (n < 1 || n > line_count()) return std::nullopt;
  const Origin& o = origins_[static_cast<std::size_t>(n - 1)];
  if (o.line <= 0) return std::nullopt;
  SourceOrigin out;
  out.file = o.file_index >= 0 ? origin_files_[static_cast<std::size_t>(o.file_index)] : std::string("-");
  out.line = o.line;
  return out;
}

const LogicalLine* SourceText::logical_containing(int n) const {
  if (n < 1 || n > line_count()) return nullptr;
  return &logical_[static_cast<std::size_t>(logical_index_[static_cast<std::size_t>(n)])];
}

const LogicalLine* SourceText::logical_ending_at(int n) const {
  const LogicalLine* l = logical_containing(n);
  return l && l->last == n ? l : nullptr;
}

std::string SourceText::joined(const LogicalLine& l) const {
  std::string out;
  for (int n = l.first; n <= l.last; ++n) {
    if (n > l.first) out.push_back('\n');
    out.append(line(n));
  }
  return out;
}

std::pair<int, int> SourceText::position(const LogicalLine& l, std::size_t offset) const {
  for (int n = l.first; n <= l.last; ++n) {
    std::size_t len = line(n).size();
    if (offset <= len || n == l.last) return {n, static_cast<int>(std::min(offset, len)) + 1};
    offset -= len + 1;
  }
  return {l.first, 1};
}

bool SourceText::suppressed(int n, std::string_view check) const {
  const LogicalLine* l = logical_containing(n);
  if (!l || l->first <= 1) return false;
  const LogicalLine* above = logical_containing(l->first - 1);
  for (int k = above->first; k <= above->last; ++k) {
    std::string_view t = line(k);
    if (k > above->first) t = trim(t);  // a folded comment's continuation
    if (k > above->first && !t.empty()) t = t[0] == '#' ? t : std::string_view{};
    for (const auto& id : parse_suppression(t))
      if (id == check) return true;
  }
  return false;
}

}  // namespace smcf::lint
