// check_context.hpp -- what every check function gets: the config as the
// reader read it, the second scan of its text, and a way to report.
//
// Checks report in cf-line coordinates (the file without m4 sync lines);
// the linter turns them into file lines, adds m4 origins and applies the
// suppression comments afterwards.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ir/config.hpp"
#include "lint/cf_scan.hpp"
#include "lint/diagnostic.hpp"

namespace smcf::lint {

class LintContext {
 public:
  LintContext(const Config& cf, const CfScan& scan) : cf(cf), scan(scan), src(scan.source()) {}

  const Config& cf;
  const CfScan& scan;
  const SourceText& src;
  std::vector<Finding> findings;

  // A cf line as messages name it: the line of the file as given (the
  // two differ in `m4 -s` output).
  int file_line(int cf_line) const { return src.file_line(cf_line); }

  // A finding of a catalogued check at (cf line, column); the severity is
  // the catalogue's.
  Finding& report(std::string_view check, int line, int column, std::string message);
  // The same at byte `clean_offset` of a scanned line's clean text.
  Finding& report_at(std::string_view check, const ScannedLine& l, std::size_t clean_offset,
                     std::string message);
  // A fix-it replacing clean-text bytes [begin, end) of a scanned line; the
  // range must lie on one physical line (else no fix-it is attached).
  void fix_clean_range(Finding& f, const ScannedLine& l, std::size_t begin, std::size_t end,
                       std::string replacement, std::string description) const;
};

// Macros a rule may set at run time: the key of a lookup in a map of
// class `macro` (indexed by macro id).
std::vector<bool> macros_set_by_maps(const Config& cf);

// Each check family (one file each).
void check_source_text(LintContext& ctx);   // checks_source.cpp
void check_rules(LintContext& ctx);         // checks_rules.cpp
void check_rulesets(LintContext& ctx);      // checks_rulesets.cpp
void check_symbols(LintContext& ctx);       // checks_symbols.cpp
void check_macros_at_read(LintContext& ctx);  // checks_macros.cpp
void check_mailers(LintContext& ctx);       // checks_mailers.cpp
void check_options(LintContext& ctx);       // checks_options.cpp

}  // namespace smcf::lint
