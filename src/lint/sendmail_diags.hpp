// sendmail_diags.hpp -- sendmail's own read-time diagnostics as lint
// findings: the same ids and the same text, located as precisely as the
// cf text allows (the reader only knows the line), with the linter's
// severity adjustments (catalogue.hpp), notes and fix-its.
#pragma once
#include "lint/check_context.hpp"

namespace smcf::lint {

// Adds one finding per diagnostic the reader recorded in ctx.cf.
void add_sendmail_diagnostics(LintContext& ctx);

// The option names nearest to `name` (edit distance, ignoring case), for
// "did you mean" notes; empty when nothing is close.
std::vector<std::string> nearest_option_names(std::string_view name);

}  // namespace smcf::lint
