// check_context.cpp -- reporting helpers shared by the checks.
#include "lint/check_context.hpp"

#include "lint/catalogue.hpp"

namespace smcf::lint {

Finding& LintContext::report(std::string_view check, int line, int column, std::string message) {
  Finding f;
  f.file = cf.file_name;
  f.line = line;
  f.column = line > 0 ? (column > 0 ? column : 1) : 0;
  const CheckInfo* info = find_check(check);
  f.severity = info ? info->severity : Severity::Warning;
  f.check = std::string(check);
  f.message = std::move(message);
  findings.push_back(std::move(f));
  return findings.back();
}

Finding& LintContext::report_at(std::string_view check, const ScannedLine& l, std::size_t clean_offset,
                                std::string message) {
  auto [line, column] = scan.position(l, clean_offset);
  return report(check, line, column, std::move(message));
}

void LintContext::fix_clean_range(Finding& f, const ScannedLine& l, std::size_t begin, std::size_t end,
                                  std::string replacement, std::string description) const {
  auto [line, column] = scan.position(l, begin);
  int end_column = column;
  if (end > begin) {
    auto [eline, ecol] = scan.position(l, end - 1);
    if (eline != line) return;
    end_column = ecol + 1;
  }
  f.fix = FixIt{line, column, end_column, std::move(replacement), std::move(description)};
}

}  // namespace smcf::lint
