// checks_rules.cpp -- checks on single rules and on the order of rules in
// a ruleset: rules shadowed by an earlier one, rules that re-apply to
// their own output forever, and $&x on an LHS that can never match.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "lint/check_context.hpp"
#include "lint/rule_patterns.hpp"
#include "lint/sendmail_names.hpp"
#include "names/ruleset_name.hpp"

namespace smcf::lint {
namespace {

// The first physical line of the R line a rule came from (rule.pos names
// the last one, as sendmail does).
int rule_first_line(const LintContext& ctx, const Rule& r) {
  const ScannedLine* l = ctx.scan.ending_at(r.pos.line);
  return l ? l->where.first : r.pos.line;
}

// A rule j is unreachable when an earlier rule i matches every workspace
// j could match and always leaves the ruleset, and every rule between them
// also leaves when it matches (so the workspace j sees is one i rejected).
void unreachable_rules(LintContext& ctx, const Ruleset& rs) {
  const auto& rules = rs.rules;
  std::vector<RhsShape> shapes;
  shapes.reserve(rules.size());
  for (const auto& r : rules) shapes.push_back(rhs_shape(r));

  std::vector<bool> dead(rules.size(), false);  // found unreachable
  int group_shadow = -1;  // the shadowing rule of the last report
  std::size_t group_head = 0;
  int group_size = 0;
  auto close_group = [&] {
    if (group_shadow >= 0 && group_size > 0)
      ctx.findings[group_head].notes.push_back(
          fmt::format("the {} rule{} after it cannot match either", group_size, group_size == 1 ? "" : "s"));
    group_shadow = -1;
    group_size = 0;
  };
  for (std::size_t j = 1; j < rules.size(); ++j) {
    if (rules[j].lhs.empty()) continue;
    std::vector<Sym> syms = lhs_symbols(rules[j].lhs);
    int shadow = -1;
    for (std::size_t i = j; i-- > 0;) {
      if (dead[i]) continue;  // never matches: changes nothing
      if (!always_leaves(shapes[i])) break;
      if (!rules[i].lhs.empty() && covers(rules[i].lhs, syms, ctx.cf.classes)) {
        shadow = static_cast<int>(i);
        break;
      }
    }
    if (shadow >= 0) dead[j] = true;
    // Consecutive rules behind the same rule: one finding, counted.
    if (shadow >= 0 && shadow == group_shadow) {
      ++group_size;
      continue;
    }
    close_group();
    if (shadow < 0) continue;
    const Rule& by = rules[static_cast<std::size_t>(shadow)];
    Finding& f = ctx.report("rule-unreachable", rule_first_line(ctx, rules[j]), 1,
                            fmt::format("this rule can never match: the rule on line {} matches everything it "
                                        "matches and always leaves the ruleset",
                                        ctx.file_line(rule_first_line(ctx, by))));
    f.notes.push_back(shapes[static_cast<std::size_t>(shadow)].ret
                          ? "that rule's RHS starts with $@ (return)"
                          : "that rule's RHS starts with $# (resolved: the ruleset stops)");
    group_head = ctx.findings.size() - 1;
    group_shadow = shadow;
  }
  close_group();
}

void looping_rules(LintContext& ctx, const Ruleset& rs) {
  for (const Rule& r : rs.rules) {
    Reapply a = reapplies(r, ctx.cf.classes);
    if (a == Reapply::No) continue;
    int line = rule_first_line(ctx, r);
    if (a == Reapply::Loops) {
      Finding& f = ctx.report("rule-infinite-loop", line, 1,
                              "whenever this rule matches, its LHS matches the result again: sendmail "
                              "rewrites until \"Infinite loop in ruleset\"");
      f.notes.push_back("start the RHS with $: to apply the rule once, or $@ to return");
    } else {
      Finding& f = ctx.report("rule-unbounded-growth", line, 1,
                              "whenever this rule matches, its LHS matches the longer result again: the "
                              "workspace grows until sendmail stops the ruleset");
      f.notes.push_back("start the RHS with $: to apply the rule once, or $@ to return");
    }
  }
}

// $&x on an LHS compares x's value with the workspace character by
// character, token by token; tokens never contain blanks (quoted strings
// aside), so a value with a blank never matches.
void deferred_with_blanks(LintContext& ctx, const Ruleset& rs, const std::vector<bool>& set_by_maps) {
  for (const Rule& r : rs.rules) {
    for (const RuleToken& t : r.lhs) {
      if (t.kind != TokenKind::Deferred) continue;
      const auto& v = ctx.cf.macros[t.arg];
      if (!v || v->pos.line == 0) continue;  // not defined by the cf
      std::string_view name = ctx.cf.macro_names.name(t.arg);
      if (macro_set_by_sendmail(name) || set_by_maps[t.arg]) continue;
      const std::string& value = v->value;
      if (value.find('"') != std::string::npos) continue;
      if (value.find(' ') == std::string::npos && value.find('\t') == std::string::npos) continue;
      const ScannedLine* l = ctx.scan.ending_at(r.pos.line);
      std::size_t col = 0;
      if (l) col = l->clean.text.find("$&");
      std::string shown = name.size() == 1 ? std::string(name) : fmt::format("{{{}}}", name);
      Finding& f = l && col != std::string::npos
                       ? ctx.report_at("lhs-deferred-macro-space", *l, col, "")
                       : ctx.report("lhs-deferred-macro-space", rule_first_line(ctx, r), 1, "");
      f.message = fmt::format("$&{} can never match: its value (defined on line {}) contains a blank", shown,
                              ctx.file_line(v->pos.line));
      break;
    }
  }
}

}  // namespace

// Macros whose value the rules themselves may change at run time (the
// first argument of a lookup in a `macro` class map).
std::vector<bool> macros_set_by_maps(const Config& cf) {
  std::vector<bool> set(256, false);
  for (const auto& rs : cf.rulesets)
    for (const auto& r : rs.rules)
      for (std::size_t i = 0; i + 2 < r.rhs.size(); ++i) {
        if (r.rhs[i].kind != TokenKind::MapBegin || r.rhs[i + 1].kind != TokenKind::Atom) continue;
        const MapDecl* m = nullptr;
        for (const auto& d : cf.maps)
          if (equals_nocase(d.name, r.rhs[i + 1].text)) m = &d;
        if (!m || m->map_class != "macro") continue;
        const RuleToken& key = r.rhs[i + 2];
        if (key.kind != TokenKind::Atom || key.text.empty()) continue;
        std::string name = key.text;
        if (name.size() > 2 && name.front() == '{' && name.back() == '}') name = name.substr(1, name.size() - 2);
        if (name.size() == 1) {
          set[static_cast<unsigned char>(name[0])] = true;
        } else if (auto it = cf.macro_names.id_of_name.find(name); it != cf.macro_names.id_of_name.end() &&
                                                                    it->second > 0) {
          set[static_cast<std::size_t>(it->second & 0377)] = true;
        }
      }
  return set;
}

void check_rules(LintContext& ctx) {
  std::vector<bool> set_by_maps = macros_set_by_maps(ctx.cf);
  for (const Ruleset& rs : ctx.cf.rulesets) {
    if (rs.rules.empty()) continue;
    unreachable_rules(ctx, rs);
    looping_rules(ctx, rs);
    deferred_with_blanks(ctx, rs, set_by_maps);
  }
}

}  // namespace smcf::lint
