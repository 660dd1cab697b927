// linter.hpp -- `smcf lint` as a library call: read a config the way
// sendmail 8.17.1.9 reads it (smcf's reader, in -bt mode), keep every
// diagnostic sendmail gives, run the linter's own checks (catalogue.hpp),
// drop what `# smcf-lint: ignore=ID` comments suppress, and locate each
// finding in the file (and, for `m4 -s` output, in the .mc/.m4 sources).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "host/system.hpp"
#include "lint/diagnostic.hpp"
#include "read/reader.hpp"

namespace smcf::lint {

struct LintOptions {
  SystemOptions sys;                       // the machine sendmail would run on (pinning)
  std::vector<CommandLineOption> options;  // -O / -o as sendmail would be given them
};

// Lints one config; `file_name` is how findings name the file.  Findings
// are sorted by position; those without a line (sendmail's messages after
// the cf) come last.
std::vector<Finding> lint_text(const std::string& file_name, std::string_view text, const LintOptions& opts);

}  // namespace smcf::lint
