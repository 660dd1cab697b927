// linter.cpp -- the lint pipeline: read, convert sendmail's diagnostics,
// run the checks, suppress, map positions, sort.
#include "lint/linter.hpp"

#include <algorithm>
#include <tuple>

#include "base/diag.hpp"
#include "lint/cf_scan.hpp"
#include "lint/check_context.hpp"
#include "lint/sendmail_diags.hpp"
#include "lint/source_text.hpp"

namespace smcf::lint {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    default: return "error";
  }
}

std::vector<Finding> lint_text(const std::string& file_name, std::string_view text, const LintOptions& opts) {
  SourceText src(text);
  System sys(opts.sys);
  Reporter rep(nullptr);  // record only
  ReadRequest req;
  req.file_name = file_name;
  req.text = src.cf_text();
  // sendmail numbers lines by counting LFs, so a last line without one
  // would get the number of the line before it.
  if (!req.text.empty() && req.text.back() != '\n') req.text.push_back('\n');
  req.test_mode = true;
  req.options = opts.options;
  Config cf = read_config(req, sys, rep);

  CfScan scan(src);
  LintContext ctx(cf, scan);
  add_sendmail_diagnostics(ctx);
  // A fatal option error stops sendmail mid-file: the IR is incomplete, so
  // only what sendmail said is reported.
  if (!cf.fatal) {
    check_source_text(ctx);
    check_rules(ctx);
    check_rulesets(ctx);
    check_symbols(ctx);
    check_macros_at_read(ctx);
    check_mailers(ctx);
    check_options(ctx);
  }

  std::vector<Finding> out;
  for (Finding& f : ctx.findings) {
    if (f.line > 0 && src.suppressed(f.line, f.check)) continue;
    if (f.line > 0) {
      if (src.has_sync_lines()) f.origin = src.origin(f.line);
      f.line = src.file_line(f.line);
      if (f.fix) f.fix->line = src.file_line(f.fix->line);
    }
    f.file = file_name;
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    auto key = [](const Finding& f) { return std::make_tuple(f.line == 0, f.line, f.column); };
    return key(a) < key(b);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Finding& a, const Finding& b) {
                          return a.line == b.line && a.column == b.column && a.check == b.check &&
                                 a.message == b.message;
                        }),
            out.end());
  return out;
}

}  // namespace smcf::lint
