// rule_test.cpp -- expect files: parsing, running, --update, reports (see
// rule_test.hpp).
#include "tools/rule_test.hpp"

#include <fmt/format.h>

#include <cctype>

#include "base/limits.hpp"
#include "tools/address_corpus.hpp"

namespace smcf::tools {
namespace {

constexpr std::string_view kArrow = " => ";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits an expected result at blanks outside double quotes.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::size_t start = i;
    bool quoted = false;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\\' && i + 1 < s.size()) {
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ' ' || c == '\t')) {
        break;
      }
    }
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

// " (status N)" at the end of a result: the status, and the text before it.
int split_status(std::string_view& s) {
  s = trim(s);
  if (s.empty() || s.back() != ')') return 0;
  auto open = s.rfind("(status ");
  if (open == std::string_view::npos) return 0;
  std::string_view digits = s.substr(open + 8, s.size() - open - 9);
  if (digits.empty()) return 0;
  int n = 0;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    n = n * 10 + (c - '0');
  }
  s = trim(s.substr(0, open));
  return n;
}

// The expected text in test mode's spelling: the text between
// metasymbols ($#, $@, $:, $|, ...: words starting with '$') tokenized by
// the config's own tokenizer, a stretch at a time (a lone "[" would not
// tokenize as it does inside "[ 1 . 2 ]").
std::string canonical(std::string_view expected, Resolver& resolver) {
  int status = split_status(expected);
  std::string out;
  std::string stretch;
  auto flush = [&] {
    if (stretch.empty()) return;
    RewriteResult r = resolver.rewrite(stretch, std::span<const std::string_view>{});
    if (!out.empty()) out.push_back(' ');
    out += r.status == 0 ? r.display : stretch;
    stretch.clear();
  };
  for (std::string_view w : words(expected)) {
    if (w.size() >= 2 && w[0] == '$') {
      flush();
      if (!out.empty()) out.push_back(' ');
      out += w;
      continue;
    }
    if (!stretch.empty()) stretch.push_back(' ');
    stretch += w;
  }
  flush();
  if (status != 0) out += fmt::format(" (status {})", status);
  return out;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
          out += fmt::format("&#x{:x};", static_cast<unsigned char>(c) + 0x2400);  // visible control picture
        else
          out.push_back(c);
    }
  }
  return out;
}

std::string case_name(const ExpectFile& f, const ExpectCase& c) {
  return fmt::format("{}:{}: {} {}", f.name, c.line, c.rulesets, c.input);
}

std::string expected_or_none(const ExpectCase& c) { return c.expected ? *c.expected : "(none: run --update)"; }

}  // namespace

std::string result_text(const RewriteResult& r) {
  if (r.status == 0) return r.display;
  return r.display.empty() ? fmt::format("(status {})", r.status) : fmt::format("{} (status {})", r.display, r.status);
}

std::optional<std::string> parse_expect_file(std::string name, const std::string& text, ExpectFile& out) {
  out.name = std::move(name);
  out.lines = split_lines(text);
  for (std::size_t i = 0; i < out.lines.size(); ++i) {
    std::string_view line = trim(out.lines[i]);
    int n = static_cast<int>(i) + 1;
    if (line.empty() || line[0] == '#') continue;
    if (out.lines[i].size() >= limits::kToolLine) return fmt::format("{}:{}: line too long", out.name, n);
    ExpectCase c;
    c.line = n;
    std::size_t blank = line.find_first_of(" \t");
    if (blank == std::string_view::npos)
      return fmt::format("{}:{}: expected RULESETS ADDRESS => RESULT", out.name, n);
    c.rulesets = std::string(line.substr(0, blank));
    std::string_view rest = trim(line.substr(blank));
    std::size_t arrow = rest.find(kArrow);
    if (arrow == std::string_view::npos && rest.size() >= 3 && rest.substr(rest.size() - 3) == " =>")
      arrow = rest.size() - 3;
    if (arrow == std::string_view::npos) {
      c.input = std::string(rest);
    } else {
      c.input = std::string(trim(rest.substr(0, arrow)));
      c.expected = std::string(trim(rest.substr(std::min(rest.size(), arrow + kArrow.size()))));
    }
    if (c.input.empty()) return fmt::format("{}:{}: no address after {}", out.name, n, c.rulesets);
    out.cases.push_back(std::move(c));
  }
  return std::nullopt;
}

std::vector<CaseResult> run_expect_file(const ExpectFile& file, Resolver& resolver) {
  std::vector<CaseResult> results;
  for (const ExpectCase& c : file.cases) {
    CaseResult r;
    r.test = &c;
    r.actual = result_text(resolver.rewrite(c.input, std::string_view(c.rulesets)));
    r.passed = c.expected && canonical(*c.expected, resolver) == r.actual;
    results.push_back(std::move(r));
  }
  return results;
}

std::string updated_text(const ExpectFile& file, const std::vector<CaseResult>& results) {
  std::vector<std::string> lines = file.lines;
  for (const CaseResult& r : results) {
    if (r.passed) continue;  // keep the spelling the author chose
    const ExpectCase& c = *r.test;
    lines[static_cast<std::size_t>(c.line - 1)] = fmt::format("{} {} => {}", c.rulesets, c.input, r.actual);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string render_text(const std::vector<FileResults>& all) {
  std::string out;
  int total = 0, failed = 0;
  for (const FileResults& f : all)
    for (const CaseResult& r : f.results) {
      ++total;
      if (r.passed) continue;
      ++failed;
      out += fmt::format("FAIL {}\n", case_name(*f.file, *r.test));
      out += fmt::format("-{}\n+{}\n", expected_or_none(*r.test), r.actual);
    }
  out += fmt::format("{} tests, {} passed, {} failed\n", total, total - failed, failed);
  return out;
}

std::string render_tap(const std::vector<FileResults>& all) {
  std::size_t total = 0;
  for (const FileResults& f : all) total += f.results.size();
  std::string out = fmt::format("TAP version 13\n1..{}\n", total);
  int n = 0;
  for (const FileResults& f : all)
    for (const CaseResult& r : f.results) {
      ++n;
      out += fmt::format("{} {} - {}\n", r.passed ? "ok" : "not ok", n, case_name(*f.file, *r.test));
      if (!r.passed)
        out += fmt::format("  ---\n  expected: '{}'\n  actual: '{}'\n  ...\n", expected_or_none(*r.test), r.actual);
    }
  return out;
}

std::string render_junit(const std::vector<FileResults>& all) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const FileResults& f : all) {
    int failures = 0;
    for (const CaseResult& r : f.results) failures += r.passed ? 0 : 1;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escape(f.file->name),
                       f.results.size(), failures);
    for (const CaseResult& r : f.results) {
      const ExpectCase& c = *r.test;
      out += fmt::format("    <testcase classname=\"{}\" name=\"line {}: {} {}\"", xml_escape(f.file->name), c.line,
                         xml_escape(c.rulesets), xml_escape(c.input));
      if (r.passed) {
        out += "/>\n";
        continue;
      }
      out += fmt::format(">\n      <failure message=\"result differs\">expected: {}\nactual:   {}</failure>\n    </testcase>\n",
                         xml_escape(expected_or_none(c)), xml_escape(r.actual));
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace smcf::tools
