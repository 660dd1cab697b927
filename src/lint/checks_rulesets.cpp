// checks_rulesets.cpp -- references between rulesets: $> calls, mailer
// S=/R= and header checks to rulesets that do not exist or are empty, S
// lines whose name is a mistyped number, and $> cycles with no exit.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "base/bytes.hpp"
#include "lint/check_context.hpp"
#include "lint/line_fields.hpp"
#include "lint/rule_patterns.hpp"
#include "names/ruleset_name.hpp"

namespace smcf::lint {
namespace {

constexpr int kNumbered = 100;  // numbers above are sendmail's automatic ones

struct Target {
  bool known = false;  // sendmail's strtorwset(ST_FIND) finds it
  int number = -1;
};

// strtorwset(..., ST_FIND) after stripquotes().
Target resolve(const Config& cf, std::string_view text) {
  std::string t;
  for (char c : text)
    if (c != '"') t.push_back(c);
  Target r;
  if (t.empty()) return r;
  if (is_digit(static_cast<unsigned char>(t[0]))) {
    int n = parse_atoi(t);
    r.known = n >= 0 && n < kNumbered;
    r.number = r.known ? n : -1;
    return r;
  }
  auto it = cf.ruleset_names.by_name.find(t);
  if (it == cf.ruleset_names.by_name.end()) return r;
  r.known = true;
  r.number = it->second;
  return r;
}

class RulesetChecks {
 public:
  explicit RulesetChecks(LintContext& ctx) : ctx_(ctx), has_s_line_(ctx.cf.rulesets.size(), false) {
    for (const ScannedLine& l : ctx.scan.lines())
      if (!l.comment && l.kind == 'S') {
        RulesetText r = parse_ruleset_text(l.clean.text);
        Target t = resolve(ctx.cf, r.name);
        if (t.number >= 0) has_s_line_[static_cast<std::size_t>(t.number)] = true;
        name_typo(l, r);
      }
  }

  void calls() {
    for (const Ruleset& rs : ctx_.cf.rulesets)
      for (const Rule& r : rs.rules) rule_calls(r);
  }

  void mailers() {
    for (const ScannedLine& l : ctx_.scan.lines()) {
      if (l.comment || l.kind != 'M') continue;
      MailerText m = parse_mailer_text(l.clean.text);
      for (const MailerField& f : m.fields) {
        if (f.code != 'S' && f.code != 'R') continue;
        // env[/hdr]; each part names a ruleset (sendmail entered the names).
        std::size_t start = 0;
        std::string_view v = f.value;
        while (start <= v.size()) {
          std::size_t slash = v.find('/', start);
          std::string_view part = v.substr(start, slash == std::string_view::npos ? v.npos : slash - start);
          while (!part.empty() && is_space(static_cast<unsigned char>(part.back()))) part.remove_suffix(1);
          while (!part.empty() && is_space(static_cast<unsigned char>(part.front()))) part.remove_prefix(1);
          if (!part.empty()) {
            std::size_t at = std::string_view(l.clean.text).find(part, f.value_begin);
            std::string what = fmt::format("mailer {} {}=", m.name, f.code);
            reference(l, at == std::string::npos ? 0 : at, part, what);
          }
          if (slash == std::string_view::npos) break;
          start = slash + 1;
        }
      }
    }
  }

  void headers() {
    for (const ScannedLine& l : ctx_.scan.lines()) {
      if (l.comment || l.kind != 'H') continue;
      std::string_view t = l.clean.text;
      std::size_t colon = t.find(':');
      if (colon == std::string_view::npos) continue;
      std::size_t p = colon + 1;
      while (p < t.size() && is_space(static_cast<unsigned char>(t[p]))) ++p;
      if (t.substr(p, 2) != "$>") continue;
      std::size_t q = p + 2;
      if (q < t.size() && t[q] == '+') ++q;
      std::size_t e = q;
      while (e < t.size() && !is_space(static_cast<unsigned char>(t[e]))) ++e;
      reference(l, q, t.substr(q, e - q), "header check");
    }
  }

  void cycles();

 private:
  bool empty_and_undeclared(int n) const {
    return n >= 0 && n < static_cast<int>(has_s_line_.size()) &&
           ctx_.cf.rulesets[static_cast<std::size_t>(n)].rules.empty() && !has_s_line_[static_cast<std::size_t>(n)];
  }

  // A reference that sendmail resolves when it runs (mailer S=/R= and
  // header checks entered the name when the line was read).
  void reference(const ScannedLine& l, std::size_t at, std::string_view name, const std::string& what) {
    Target t = resolve(ctx_.cf, name);
    if (!t.known || !empty_and_undeclared(t.number)) return;
    ctx_.report_at("ruleset-undefined", l, at,
                   fmt::format("{} names ruleset {}, which has no rules and no S line: it does nothing", what,
                               name));
  }

  void rule_calls(const Rule& r) {
    const ScannedLine* l = ctx_.scan.ending_at(r.pos.line);
    std::size_t search = 0;
    if (l) {
      RuleFields f = split_rule(l->clean.text);
      search = f.rhs_begin == std::string::npos ? l->clean.text.size() : f.rhs_begin;
    }
    for (std::size_t i = 0; i < r.rhs.size(); ++i) {
      if (r.rhs[i].kind != TokenKind::Call) continue;
      std::size_t at = std::string::npos;
      if (l) {
        at = l->clean.text.find("$>", search);
        if (at != std::string::npos) search = at + 2;
      }
      if (i + 1 >= r.rhs.size() || r.rhs[i + 1].kind != TokenKind::Atom) continue;
      const std::string& name = r.rhs[i + 1].text;
      Target t = resolve(ctx_.cf, name);
      auto report = [&](std::string_view check, std::string message) -> Finding& {
        if (l && at != std::string::npos) return ctx_.report_at(check, *l, at, std::move(message));
        return ctx_.report(check, l ? l->where.first : r.pos.line, 1, std::move(message));
      };
      if (!t.known) {
        if (!name.empty() && is_digit(static_cast<unsigned char>(name[0]))) continue;  // sendmail's own message
        report("ruleset-unknown",
               fmt::format("$>{}: no ruleset has this name; sendmail reports \"Unknown ruleset {}\" and stops "
                           "the rule's calls",
                           name, name));
      } else if (empty_and_undeclared(t.number)) {
        report("ruleset-undefined",
               fmt::format("$>{} calls a ruleset that has no rules and no S line: sendmail skips the call", name));
      }
    }
  }

  // S1O reads as ruleset 1, Sl0 as a ruleset named "l0".
  void name_typo(const ScannedLine& l, const RulesetText& r) {
    const std::string& n = r.name;
    if (n.size() < 2 || n.size() > 3) return;
    std::string digits;
    bool letter = false;
    for (char c : n) {
      if (is_digit(static_cast<unsigned char>(c))) {
        digits.push_back(c);
      } else if (c == 'O' || c == 'o') {
        digits.push_back('0');
        letter = true;
      } else if (c == 'l' || c == 'I' || c == 'i') {
        digits.push_back('1');
        letter = true;
      } else {
        return;
      }
    }
    if (!letter || parse_atoi(digits) >= kNumbered) return;
    std::string reads = is_digit(static_cast<unsigned char>(n[0]))
                            ? fmt::format("ruleset {}", parse_atoi(n))
                            : fmt::format("a ruleset named \"{}\"", n);
    Finding& f = ctx_.report_at("ruleset-name-typo", l, r.name_begin,
                                fmt::format("S{} looks like ruleset {} mistyped; sendmail reads {}", n,
                                            parse_atoi(digits), reads));
    ctx_.fix_clean_range(f, l, r.name_begin, r.name_end, std::to_string(parse_atoi(digits)),
                         fmt::format("select ruleset {}", parse_atoi(digits)));
  }

  LintContext& ctx_;
  std::vector<bool> has_s_line_;
};

// Ruleset A calls B on every input when A's first rule matches anything
// ($* alone) and calls B (outside a map lookup), and B has rules.  A cycle
// of such calls recurses until sendmail's recursion limit.
void RulesetChecks::cycles() {
  const Config& cf = ctx_.cf;
  const int n = static_cast<int>(cf.rulesets.size());
  std::vector<std::vector<int>> edges(static_cast<std::size_t>(n));
  for (int a = 0; a < n; ++a) {
    const Ruleset& rs = cf.rulesets[static_cast<std::size_t>(a)];
    if (rs.rules.empty()) continue;
    const Rule& first = rs.rules.front();
    if (first.lhs.size() != 1 || first.lhs[0].kind != TokenKind::ZeroOrMore) continue;
    int depth = 0;
    for (std::size_t i = 0; i < first.rhs.size(); ++i) {
      TokenKind k = first.rhs[i].kind;
      if (k == TokenKind::MapBegin || k == TokenKind::HostBegin) ++depth;
      if ((k == TokenKind::MapEnd || k == TokenKind::HostEnd) && depth > 0) --depth;
      if (k != TokenKind::Call || depth > 0 || i + 1 >= first.rhs.size()) continue;
      Target t = resolve(cf, first.rhs[i + 1].text);
      if (t.number >= 0 && t.number < n && !cf.rulesets[static_cast<std::size_t>(t.number)].rules.empty())
        edges[static_cast<std::size_t>(a)].push_back(t.number);
    }
  }
  // Depth-first search; a back edge closes a cycle.
  std::vector<int> state(static_cast<std::size_t>(n), 0);  // 0 new, 1 on stack, 2 done
  std::vector<int> stack;
  std::function<void(int)> visit = [&](int v) {
    state[static_cast<std::size_t>(v)] = 1;
    stack.push_back(v);
    for (int w : edges[static_cast<std::size_t>(v)]) {
      if (state[static_cast<std::size_t>(w)] == 1) {
        // The cycle is the stack from w on.
        std::vector<int> cyc(std::find(stack.begin(), stack.end(), w), stack.end());
        int head = cyc.front();
        for (int r : cyc)
          if (cf.rulesets[static_cast<std::size_t>(r)].rules.front().pos.line <
              cf.rulesets[static_cast<std::size_t>(head)].rules.front().pos.line)
            head = r;
        std::string path;
        auto at = std::find(cyc.begin(), cyc.end(), head);
        std::rotate(cyc.begin(), at, cyc.end());
        for (int r : cyc) path += ruleset_display_name(cf, r) + " -> ";
        path += ruleset_display_name(cf, head);
        const Rule& rule = cf.rulesets[static_cast<std::size_t>(head)].rules.front();
        const ScannedLine* l = ctx_.scan.ending_at(rule.pos.line);
        Finding& f = ctx_.report("ruleset-recursion-cycle", l ? l->where.first : rule.pos.line, 1,
                                 fmt::format("ruleset {} calls itself on every input ({}) before any rule can "
                                             "return: sendmail stops at its recursion limit",
                                             ruleset_display_name(cf, head), path));
        f.notes.push_back("the first rule of each ruleset in the cycle matches everything ($*) and makes the call");
      } else if (state[static_cast<std::size_t>(w)] == 0) {
        visit(w);
      }
    }
    stack.pop_back();
    state[static_cast<std::size_t>(v)] = 2;
  };
  for (int v = 0; v < n; ++v)
    if (state[static_cast<std::size_t>(v)] == 0) visit(v);
}

}  // namespace

void check_rulesets(LintContext& ctx) {
  RulesetChecks c(ctx);
  c.calls();
  c.mailers();
  c.headers();
  c.cycles();
}

}  // namespace smcf::lint
