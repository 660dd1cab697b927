// checks_macros.cpp -- `$x` in the lines sendmail expands while it reads
// them (R, S, K and C lines): x must be defined by then, by a D line above
// or by sendmail's start-up, or the reference silently expands to nothing.
// A macro sendmail sets only while it handles mail ($h, ${client_addr})
// is the classic case: in a rule it wants $&x.
#include <fmt/format.h>

#include <map>
#include <set>

#include "base/bytes.hpp"
#include "lint/check_context.hpp"
#include "lint/sendmail_names.hpp"

namespace smcf::lint {
namespace {

// A name written after `$` or `D`: one byte, or {name} (a one-character
// long name is that character).  Returns "" when malformed.
std::string written_name(std::string_view t, std::size_t* used) {
  *used = 0;
  if (t.empty()) return {};
  if (t[0] != '{') {
    *used = 1;
    return std::string(1, t[0]);
  }
  std::size_t close = t.find('}');
  if (close == std::string_view::npos || close == 1) return {};
  *used = close + 1;
  return std::string(t.substr(1, close - 1));
}

std::string spelled(const std::string& name) { return name.size() == 1 ? name : fmt::format("{{{}}}", name); }

}  // namespace

void check_macros_at_read(LintContext& ctx) {
  // Every D line, to say where a macro used too early is defined.
  std::map<std::string, int> defined_at;  // first D line
  for (const ScannedLine& l : ctx.scan.lines()) {
    if (l.comment || l.kind != 'D') continue;
    std::size_t used = 0;
    std::string n = written_name(std::string_view(l.clean.text).substr(1), &used);
    if (!n.empty()) defined_at.emplace(n, l.where.first);
  }

  std::set<std::string> defined;
  for (const ScannedLine& l : ctx.scan.lines()) {
    if (l.comment) continue;
    std::string_view t = l.clean.text;
    if (l.kind == 'D') {
      std::size_t used = 0;
      std::string n = written_name(t.substr(1), &used);
      if (!n.empty()) defined.insert(n);
      continue;
    }
    if (l.kind != 'R' && l.kind != 'S' && l.kind != 'K' && l.kind != 'C') continue;

    // Macros the line tests with $?x: their uses are guarded.
    std::set<std::string> tested;
    for (std::size_t p = t.find("$?"); p != std::string_view::npos; p = t.find("$?", p + 2)) {
      std::size_t used = 0;
      std::string n = written_name(t.substr(p + 2), &used);
      if (!n.empty()) tested.insert(n);
    }
    // An R line's comment (after the RHS) is never expanded.
    if (l.kind == 'R') {
      RuleFields f = split_rule(t);
      if (f.rhs_end != std::string::npos) t = t.substr(0, f.rhs_end);
    }
    bool m4 = ctx.scan.from_m4_framework();
    std::set<std::string> seen;
    for (std::size_t p = t.find('$'); p != std::string_view::npos; p = t.find('$', p + 1)) {
      if (p + 1 >= t.size()) break;
      char sigil = t[p + 1];
      if (sigil == '&' || sigil == '=' || sigil == '~' || sigil == '?') {
        ++p;  // deferred, class or conditional: not expanded here
        continue;
      }
      std::size_t used = 0;
      std::string n = written_name(t.substr(p + 1), &used);
      if (n.empty() || used == 0) continue;
      if (macro_defined_before_cf(n) || defined.count(n) || tested.count(n) || (m4 && m4_optional_macro(n)) ||
          !seen.insert(n).second) {
        p += used;
        continue;
      }
      Finding& f = ctx.report_at("macro-undefined-at-read", l, p,
                                 fmt::format("${} is not defined when this line is read: sendmail expands it to "
                                             "nothing",
                                             spelled(n)));
      if (auto it = defined_at.find(n); it != defined_at.end() && it->second > l.where.first) {
        f.notes.push_back(fmt::format("it is defined on line {}, after this line", ctx.file_line(it->second)));
      } else if (macro_set_by_sendmail(n) && l.kind == 'R') {
        f.notes.push_back(fmt::format("sendmail sets ${} only while it handles mail; $&{} looks it up then",
                                      spelled(n), spelled(n)));
        ctx.fix_clean_range(f, l, p + 1, p + 1, "&", "defer the macro with $&");
      }
      p += used;
    }
  }
}

}  // namespace smcf::lint
