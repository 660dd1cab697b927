// sendmail_diags.cpp -- the reader's diagnostics as findings, with the
// column of the offending text where the line shows it.
#include "lint/sendmail_diags.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "lint/catalogue.hpp"
#include "lint/line_fields.hpp"
#include "read/option_table.hpp"

namespace smcf::lint {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = to_lower(static_cast<unsigned char>(a[i - 1])) == to_lower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool machine_dependent(std::string_view id) {
  return id == "option-unknown-user" || id == "option-unknown-group" || id == "mailer-unknown-user" ||
         id == "mailer-unknown-group" || id == "fileclass-cannot-open";
}

// The text after a fixed prefix of a message ("replacement $3 out of ..." ->
// the byte after "$").
std::string_view after(std::string_view msg, std::string_view prefix) {
  auto p = msg.find(prefix);
  return p == std::string_view::npos ? std::string_view{} : msg.substr(p + prefix.size());
}

// Position of `needle` in [begin, end) of the clean text; npos if absent.
std::size_t find_in(std::string_view text, std::string_view needle, std::size_t begin, std::size_t end) {
  if (begin >= text.size()) return std::string_view::npos;
  end = std::min(end, text.size());
  auto p = text.substr(0, end).find(needle, begin);
  return p;
}

class Locator {
 public:
  explicit Locator(LintContext& ctx) : ctx_(ctx) {}

  void locate(Finding& f, const Diagnostic& d) {
    const ScannedLine* l = ctx_.scan.ending_at(d.pos.line);
    if (!l || l->comment) return;
    std::string_view text = l->clean.text;
    const std::string& id = d.id;
    if (l->kind == 'R') {
      RuleFields rf = split_rule(text);
      std::size_t rhs_b = rf.rhs_begin == std::string::npos ? text.size() : rf.rhs_begin;
      std::size_t rhs_e = rf.rhs_end == std::string::npos ? text.size() : rf.rhs_end;
      if (id == "rule-no-tab") {
        if (auto run = find_space_separator(text, rf.lhs_end, true)) {
          move_to(f, *l, run->first);
          ctx_.fix_clean_range(f, *l, run->first, run->second, "\t", "separate the LHS from the RHS with a TAB");
          f.notes.push_back("sendmail needs a TAB between the LHS and the RHS; spaces are part of the LHS");
        }
      } else if (id == "rule-replacement-out-of-bounds") {
        std::string_view digit = after(d.message, "replacement $");
        if (!digit.empty()) {
          std::string needle = fmt::format("${}", digit[0]);
          std::size_t p = find_in(text, needle, rhs_b, rhs_e);
          if (p != std::string::npos) move_to(f, *l, p);
          f.notes.push_back(fmt::format("the LHS has {} wildcard{}", lhs_wildcards(text, rf.lhs_end),
                                        lhs_wildcards(text, rf.lhs_end) == 1 ? "" : "s"));
        }
      } else if (id == "rule-too-many-wildcards") {
        int seen = 0;
        for (std::size_t p = 1; p + 1 < rf.lhs_end; ++p) {
          if (text[p] != '$') continue;
          if (std::string_view("*+-=~").find(text[p + 1]) != std::string_view::npos && ++seen == 10) {
            move_to(f, *l, p);
            break;
          }
          ++p;
        }
        f.notes.push_back("sendmail replaces this LHS by an empty one: the rule matches only an empty workspace");
      } else if (id == "rule-lhs-inappropriate" || id == "rule-rhs-inappropriate") {
        std::string_view sym = after(d.message, "Inappropriate use of ");
        sym = sym.substr(0, std::min<std::size_t>(2, sym.size()));
        bool lhs = id == "rule-lhs-inappropriate";
        std::string needle(sym == "$1-$9" ? "$" : sym);
        std::size_t p = lhs ? find_in(text, needle, 1, rf.lhs_end) : find_in(text, needle, rhs_b, rhs_e);
        if (p != std::string::npos) move_to(f, *l, p);
      }
      return;
    }
    if (l->kind == 'O') {
      auto o = parse_option_text(text);
      if (!o || !o->long_form) return;
      if (id == "option-unknown" || id == "option-ambiguous" || id == "option-abbreviation") {
        move_to(f, *l, o->name_begin);
      }
      if (id == "option-unknown") {
        auto near = nearest_option_names(o->name);
        if (!near.empty()) {
          f.notes.push_back(fmt::format("did you mean {}?", near.front()));
          if (near.size() == 1)
            ctx_.fix_clean_range(f, *l, o->name_begin, o->name_end, near.front(),
                                 fmt::format("use the option name {}", near.front()));
        }
      } else if (id == "option-abbreviation") {
        OptionNameMatch m = find_option(o->name);
        if (m.kind == OptionNameMatch::Kind::Abbreviation && m.option) {
          std::string full(m.option->name);
          ctx_.fix_clean_range(f, *l, o->name_begin, o->name_end, full, fmt::format("write the full name {}", full));
        }
      }
      return;
    }
    if (l->kind == 'M' && id == "mailer-no-argv") {
      // sendmail stops at the first missing field; say so when P= is missing too.
      MailerText m = parse_mailer_text(text);
      const MailerField* p = m.field('P');
      if (!p || p->value.empty()) f.notes.push_back("P= is missing too (sendmail reports only the first)");
      return;
    }
    if (l->kind == 'S' && id == "cf-ruleset-redefined") {
      RulesetText r = parse_ruleset_text(text);
      int first = first_definition(r.name, l->where.last);
      if (first > 0) f.notes.push_back(fmt::format("the ruleset was first selected on line {}", ctx_.file_line(first)));
    }
  }

 private:
  void move_to(Finding& f, const ScannedLine& l, std::size_t clean_offset) {
    auto [line, column] = ctx_.scan.position(l, clean_offset);
    f.line = line;
    f.column = column;
  }

  static int lhs_wildcards(std::string_view text, std::size_t lhs_end) {
    int n = 0;
    for (std::size_t p = 1; p + 1 < lhs_end; ++p) {
      if (text[p] != '$') continue;
      if (std::string_view("*+-=~").find(text[p + 1]) != std::string_view::npos) ++n;
      ++p;
    }
    return n;
  }

  // The first S line (before `before`) that names the same ruleset.
  int first_definition(const std::string& name, int before) {
    int number = -1;
    if (!name.empty() && is_digit(static_cast<unsigned char>(name[0]))) {
      number = parse_atoi(name);
    } else if (auto it = ctx_.cf.ruleset_names.by_name.find(name); it != ctx_.cf.ruleset_names.by_name.end()) {
      number = it->second;
    }
    if (number < 0 || number >= static_cast<int>(ctx_.cf.rulesets.size())) return 0;
    int line = ctx_.cf.rulesets[static_cast<std::size_t>(number)].pos.line;
    return line > 0 && line < before ? line : 0;
  }

  LintContext& ctx_;
};

}  // namespace

std::vector<std::string> nearest_option_names(std::string_view name) {
  std::vector<std::string> out;
  if (name.empty()) return out;
  std::size_t best = std::max<std::size_t>(2, name.size() / 4) + 1;
  for (const OptionInfo& o : option_table()) {
    if (o.name.empty()) continue;
    std::size_t d = edit_distance(name, o.name);
    if (d < best) {
      best = d;
      out.clear();
    }
    if (d == best) out.emplace_back(o.name);
  }
  return out;
}

void add_sendmail_diagnostics(LintContext& ctx) {
  Locator locator(ctx);
  for (const Diagnostic& d : ctx.cf.diagnostics) {
    Finding f;
    f.file = ctx.cf.file_name;
    f.line = d.pos.line;
    f.column = f.line > 0 ? 1 : 0;
    f.severity = d.severity == Severity::Fatal ? Severity::Error : d.severity;
    if (const CheckInfo* info = find_check(d.id)) f.severity = info->severity;
    f.check = d.id;
    // As sendmail prints it: the high bit of every byte cleared.
    for (char c : d.message) f.message.push_back(static_cast<char>(c & 0177));
    f.from_sendmail = true;
    if (f.line > 0) locator.locate(f, d);
    if (machine_dependent(d.id))
      f.notes.push_back(
          "looked up on the machine smcf lint runs on; pin the mail host's files with "
          "--passwd-file, --group-file or --remap");
    if (d.id == "cf-level-old" && ctx.cf.version_pos.line > 0) {
      f.line = ctx.cf.version_pos.line;
      f.column = 1;
    }
    ctx.findings.push_back(std::move(f));
  }
}

}  // namespace smcf::lint
