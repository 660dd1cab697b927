// catalogue.cpp -- the table of lint checks.  Ids are stable: tools and
// `# smcf-lint: ignore=ID` comments refer to them, so an id is never
// renamed or reused; a retired check keeps its row out of this table only.
#include "lint/catalogue.hpp"

namespace smcf::lint {
namespace {

constexpr Severity W = Severity::Warning;
constexpr Severity E = Severity::Error;
constexpr Severity N = Severity::Note;

constexpr CheckInfo kLintChecks[] = {
    // --- the text of the file (physical lines) ------------------------------
    {"rule-space-separator", W,
     "R line whose LHS and RHS are separated by spaces, not a TAB: sendmail reads both as the LHS"},
    {"rule-space-before-comment", W,
     "R line whose comment is separated from the RHS by spaces, not a TAB: the words become part of the RHS"},
    {"rule-continuation-tab", W,
     "continuation line whose leading TAB ends the LHS or the RHS of the R line it continues"},
    {"blank-line-continuation", W, "whitespace-only line, silently joined to the line above"},
    {"comment-continuation", W, "indented line after a comment line: sendmail reads it as part of the comment"},
    {"m4-sync-in-continuation", N,
     "m4 sync line between a line and its continuation: sendmail would read this file differently "
     "(lint it, deploy the m4 output made without -s)"},
    // --- rules ---------------------------------------------------------------
    {"rule-unreachable", W,
     "rule that can never match: an earlier rule of the ruleset matches everything it matches and "
     "always leaves the ruleset"},
    {"rule-infinite-loop", E,
     "rule that matches its own output again (no $@ / $: prefix): sendmail stops with \"Infinite loop\""},
    {"rule-unbounded-growth", E,
     "rule that matches its own, longer output again: the workspace grows until sendmail gives up"},
    {"lhs-deferred-macro-space", W, "$&x on an LHS where x's value contains a blank: it can never match"},
    // --- rulesets ------------------------------------------------------------
    {"ruleset-unknown", E, "$> to a ruleset name sendmail does not know: \"Unknown ruleset\" when the rule runs"},
    {"ruleset-undefined", W,
     "$>, mailer S=/R= or header $> to a ruleset with no rules and no S line: the call does nothing"},
    {"ruleset-name-typo", W, "S line whose ruleset name looks like a mistyped number (S1O, Sl0)"},
    {"ruleset-recursion-cycle", E,
     "rulesets that call each other on every input before any rule can return: recursion limit"},
    // --- classes, maps, macros -----------------------------------------------
    {"class-undefined", W, "$=X / $~X of a class that no line defines and sendmail does not fill"},
    {"map-undeclared", E, "$( map ... $) of a map no K line declares: \"map not found\" when the rule runs"},
    {"macro-undefined", W, "macro used (at run time) that nothing defines"},
    {"macro-undefined-at-read", W,
     "$x in a line sendmail expands while reading (R, S, K, C) before x is defined: it expands to nothing"},
    // --- mailers and options -------------------------------------------------
    {"mailer-unknown-flag", W, "mailer flag (F=) that sendmail does not know and no H line tests"},
    {"option-deprecated", W, "option that sendmail's documentation marks as deprecated"},
    {"option-value-type", W, "option value that sendmail's converter reads differently from what it says"},
};

// sendmail's own read-time diagnostics whose severity the linter changes.
constexpr CheckInfo kSendmailChecks[] = {
    {"option-abbreviation", W,
     "option name that is an abbreviation (sendmail says so only with -v; an added option can make it ambiguous)"},
    {"option-unknown-user", W, "user unknown on the machine lint runs on (sendmail reports it on that machine)"},
    {"option-unknown-group", W, "group unknown on the machine lint runs on (sendmail reports it on that machine)"},
    {"mailer-unknown-user", W, "U= user unknown on the machine lint runs on (sendmail reports it on that machine)"},
    {"mailer-unknown-group", W, "U= group unknown on the machine lint runs on (sendmail reports it on that machine)"},
    {"fileclass-cannot-open", W, "class file missing on the machine lint runs on (sendmail reports it on that machine)"},
    {"cf-level-too-high", W, "V line above the level sendmail 8.17 knows (sendmail's message says Warning)"},
};

}  // namespace

std::span<const CheckInfo> lint_checks() { return kLintChecks; }
std::span<const CheckInfo> sendmail_checks() { return kSendmailChecks; }

const CheckInfo* find_check(std::string_view id) {
  for (const auto& c : kLintChecks)
    if (c.id == id) return &c;
  for (const auto& c : kSendmailChecks)
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace smcf::lint
