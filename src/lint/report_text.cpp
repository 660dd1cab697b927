// report_text.cpp -- findings in the GNU/clang text form, with the source
// line, a caret (and ~ under a fix-it's range) and the fix-it text.
// TABs in the source line are expanded to 8-column stops so that the caret
// lines up; a TAB inserted by a fix-it is shown as "\t".
#include <fmt/format.h>

#include <string_view>

#include "lint/report.hpp"

namespace smcf::lint {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t lf = text.find('\n', pos);
    std::size_t end = lf == std::string_view::npos ? text.size() : lf;
    std::string_view l = text.substr(pos, end - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back(l);
    pos = lf == std::string_view::npos ? text.size() : lf + 1;
  }
  return out;
}

// The display column (0-based) of byte column `col` (1-based).
std::size_t display_column(std::string_view line, int col) {
  std::size_t d = 0;
  for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(col) && i < line.size(); ++i)
    d = line[i] == '\t' ? (d / 8 + 1) * 8 : d + 1;
  if (static_cast<std::size_t>(col) > line.size() + 1) d += static_cast<std::size_t>(col) - line.size() - 1;
  return d;
}

std::string expand_tabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') {
      do out.push_back(' ');
      while (out.size() % 8 != 0);
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out.push_back('?');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string visible(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

void snippet(std::string& out, const Finding& f, const std::vector<std::string_view>& lines) {
  if (f.line < 1 || f.line > static_cast<int>(lines.size())) return;
  std::string_view src = lines[static_cast<std::size_t>(f.line - 1)];
  out += expand_tabs(src);
  out += '\n';
  std::size_t caret = display_column(src, f.column);
  std::string marks(caret, ' ');
  marks.push_back('^');
  if (f.fix && f.fix->line == f.line && f.fix->end_column > f.fix->column) {
    std::size_t b = display_column(src, f.fix->column);
    std::size_t e = display_column(src, f.fix->end_column);
    if (marks.size() < e) marks.resize(e, ' ');
    for (std::size_t i = b; i < e; ++i)
      if (marks[i] == ' ') marks[i] = '~';
  }
  out += marks;
  out += '\n';
  if (f.fix && f.fix->line == f.line) {
    std::string fix(display_column(src, f.fix->column), ' ');
    fix += f.fix->replacement.empty() ? std::string() : visible(f.fix->replacement);
    if (f.fix->replacement.empty()) fix += "(delete)";
    out += fix;
    out += '\n';
  }
}

}  // namespace

std::string format_text(const std::vector<LintedFile>& files) {
  std::string out;
  int errors = 0, warnings = 0;
  for (const LintedFile& file : files) {
    auto lines = split_lines(file.text);
    for (const Finding& f : file.findings) {
      std::string where = f.line > 0 ? fmt::format("{}:{}:{}", f.file, f.line, f.column) : f.file;
      out += fmt::format("{}: {}: {} [{}]\n", where, severity_name(f.severity), f.message, f.check);
      snippet(out, f, lines);
      for (const auto& n : f.notes) out += fmt::format("{}: note: {}\n", where, n);
      if (f.fix && !f.fix->description.empty())
        out += fmt::format("{}:{}:{}: note: fix-it: {}\n", f.file, f.fix->line, f.fix->column, f.fix->description);
      if (f.origin) out += fmt::format("{}:{}: note: this line comes from here\n", f.origin->file, f.origin->line);
      if (f.severity == Severity::Error) ++errors;
      if (f.severity == Severity::Warning) ++warnings;
    }
  }
  if (errors + warnings > 0) {
    std::string w = warnings ? fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s") : "";
    std::string e = errors ? fmt::format("{} error{}", errors, errors == 1 ? "" : "s") : "";
    out += fmt::format("{}{}{} generated.\n", w, warnings && errors ? " and " : "", e);
  }
  return out;
}

}  // namespace smcf::lint
