// catalogue.hpp -- the checks `smcf lint` makes beyond sendmail's own
// read-time diagnostics: one declared entry per check (stable id, default
// severity, one-line description), like clang's diagnostic tables.  The
// SARIF output lists them as tool.driver.rules; docs/lint.md documents them.
//
// sendmail's own diagnostics keep the ids the reader gives them
// (base/diag.hpp, e.g. "rule-no-tab"); sendmail_checks() lists the few
// whose presentation the linter adjusts (severity, column, fix-it).
#pragma once
#include <span>
#include <string_view>

#include "base/diag.hpp"

namespace smcf::lint {

struct CheckInfo {
  std::string_view id;
  Severity severity;
  std::string_view summary;
};

// The linter's own checks, in documentation order.
std::span<const CheckInfo> lint_checks();

// sendmail's read-time diagnostics whose severity the linter changes (the
// rest keep the severity sendmail's reporter gives them: syserr = error,
// 0xx messages = note, printed warnings = warning).
std::span<const CheckInfo> sendmail_checks();

// A lint check or an adjusted sendmail diagnostic by id; nullptr otherwise.
const CheckInfo* find_check(std::string_view id);

}  // namespace smcf::lint
