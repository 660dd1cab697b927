// checks_source.cpp -- checks on the text of the file itself: R-line field
// separators, line folding surprises and m4 sync lines.  sendmail splits an
// R line at TABs and folds every line that starts with a blank into the one
// before; both are invisible in most editors, hence these checks.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "lint/check_context.hpp"

namespace smcf::lint {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string shorten(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\n' || c == '\t' ? ' ' : c);
  if (out.size() > 40) out = out.substr(0, 37) + "...";
  return out;
}

// LHS/RHS separated by spaces where sendmail found a TAB later on (before
// the comment): the whole "LHS spaces RHS" becomes the LHS.  Lines without
// any TAB are sendmail's own error (rule-no-tab), which gets the fix-it.
void space_separator(LintContext& ctx, const ScannedLine& l, const RuleFields& f) {
  if (!f.has_tab) return;
  auto run = find_space_separator(l.clean.text, f.lhs_end, false);
  if (!run) return;
  std::string_view text = l.clean.text;
  std::string rhs(text.substr(run->second, f.lhs_end - run->second));
  Finding& x = ctx.report_at("rule-space-separator", l, run->first,
                             fmt::format("LHS and RHS are separated by spaces: sendmail reads \"{}\" as part of "
                                         "the LHS and the text after the TAB as the RHS",
                                         shorten(rhs)));
  ctx.fix_clean_range(x, l, run->first, run->second, "\t", "separate the LHS from the RHS with a TAB");
}

// Words after a run of spaces at `at` that sendmail reads as intended:
// the operand of the $: or $@ just before them (a comment cannot follow an
// operator with nothing in between), or anything in the text of a $#error
// after its $: (the message, blanks and all, as FEATURE(dnsbl) writes it).
bool intended_text(std::string_view rhs, std::size_t at) {
  std::string_view before = rhs.substr(0, at);
  while (!before.empty() && is_blank(before.back())) before.remove_suffix(1);
  if (before.size() >= 2 && before[before.size() - 2] == '$' && (before.back() == ':' || before.back() == '@'))
    return true;
  std::size_t p = 0;
  while (p < before.size() && is_blank(before[p])) ++p;
  if (before.substr(p, 2) == "$:" || before.substr(p, 2) == "$@") p += 2;  // the RHS prefix
  while (p < before.size() && is_blank(before[p])) ++p;
  if (before.substr(p, 2) != "$#") return false;
  p += 2;
  while (p < before.size() && is_blank(before[p])) ++p;
  const std::size_t end = p + 5;  // "error" must be the whole mailer name
  bool error = equals_nocase(before.substr(p, 5), "error") &&
               (end >= before.size() || is_blank(before[end]) || before[end] == '$');
  return error && before.find("$:", p) != std::string_view::npos;
}

// A comment after the RHS separated by spaces becomes RHS tokens.
void space_before_comment(LintContext& ctx, const ScannedLine& l, const RuleFields& f) {
  if (f.rhs_begin == std::string::npos) return;
  std::string_view text = l.clean.text;
  bool quoted = false;
  for (std::size_t p = f.rhs_begin; p < f.rhs_end; ++p) {
    char c = text[p];
    if (c == '"') quoted = !quoted;
    if (c == '\\') {
      ++p;
      continue;
    }
    if (quoted || c != ' ') continue;
    std::size_t b = p;
    while (p < f.rhs_end && text[p] == ' ') ++p;
    if (p - b < 2 || p >= f.rhs_end) {
      --p;
      continue;
    }
    std::string_view rest = text.substr(p, f.rhs_end - p);
    bool words = rest.find('$') == std::string_view::npos && rest.find('\n') == std::string_view::npos &&
                 is_alpha(static_cast<unsigned char>(rest[0])) && rest.find('"') == std::string_view::npos &&
                 !intended_text(text.substr(f.rhs_begin, f.rhs_end - f.rhs_begin), b - f.rhs_begin);
    if (!words) {
      --p;
      continue;
    }
    Finding& x = ctx.report_at("rule-space-before-comment", l, b,
                               fmt::format("\"{}\" is separated from the RHS by spaces, not a TAB: sendmail makes "
                                           "it part of the RHS",
                                           shorten(rest)));
    ctx.fix_clean_range(x, l, b, p, "\t", "separate the comment with a TAB");
    return;
  }
}

// A continuation line whose leading TAB ended the RHS: everything after it
// is the rule's comment.  Only reported when that text looks like RHS
// material ($ metasymbols), since a comment on the next line is legitimate.
void continuation_tab(LintContext& ctx, const ScannedLine& l, const RuleFields& f) {
  if (l.where.first == l.where.last || f.rhs_end == std::string::npos) return;
  std::string_view text = l.clean.text;
  if (f.rhs_end >= text.size() || f.rhs_end == 0 || text[f.rhs_end - 1] != '\n') return;
  if (f.comment_begin == std::string::npos) return;
  std::string_view comment = text.substr(f.comment_begin);
  if (comment.find('$') == std::string_view::npos) return;
  std::size_t tabs_end = f.rhs_end;
  while (tabs_end < text.size() && text[tabs_end] == '\t') ++tabs_end;
  Finding& x = ctx.report_at("rule-continuation-tab", l, f.rhs_end,
                             fmt::format("this continuation line starts with a TAB, which ends the RHS: sendmail "
                                         "reads \"{}\" as the rule's comment",
                                         shorten(trim(comment))));
  ctx.fix_clean_range(x, l, f.rhs_end, tabs_end, " ", "indent the continuation with a space");
}

void blank_lines(LintContext& ctx) {
  const SourceText& src = ctx.src;
  for (int n = 2; n <= src.line_count(); ++n) {
    std::string_view t = src.line(n);
    if (t.empty()) continue;
    bool blank = true;
    for (char c : t) blank = blank && is_blank(c);
    if (!blank) continue;
    Finding& x = ctx.report("blank-line-continuation", n, 1,
                            "this line holds only blanks, so sendmail joins it to the line above "
                            "(it is not an empty line)");
    x.fix = FixIt{n, 1, static_cast<int>(t.size()) + 1, "", "make the line empty"};
  }
}

void comment_continuations(LintContext& ctx) {
  for (const ScannedLine& l : ctx.scan.lines()) {
    if (!l.comment || l.where.first == l.where.last) continue;
    for (int n = l.where.first + 1; n <= l.where.last; ++n) {
      std::string_view t = trim(ctx.src.line(n));
      if (t.empty() || t[0] == '#') continue;
      std::string_view raw = ctx.src.line(n);
      std::size_t indent = 0;
      while (indent < raw.size() && is_blank(raw[indent])) ++indent;
      ctx.report("comment-continuation", n, static_cast<int>(indent) + 1,
                 fmt::format("this indented line continues the comment on line {}: sendmail ignores \"{}\"",
                             ctx.file_line(l.where.first), shorten(t)));
      break;
    }
  }
}

void m4_sync_lines(LintContext& ctx) {
  const auto& splits = ctx.src.sync_lines_in_continuations();
  if (splits.empty()) return;
  // The continuation line right after the first such sync line.
  int cf_line = 1;
  while (cf_line < ctx.src.line_count() && ctx.src.file_line(cf_line) < splits.front()) ++cf_line;
  Finding& x = ctx.report("m4-sync-in-continuation", cf_line, 1,
                          fmt::format("{} m4 sync line{} sit{} between a line and its continuation; smcf lints "
                                      "the file without them, but sendmail would read each continuation as "
                                      "part of a comment",
                                      splits.size(), splits.size() == 1 ? "" : "s", splits.size() == 1 ? "s" : ""));
  x.notes.push_back("install the output of m4 without -s; keep the -s output for linting");
}

}  // namespace

void check_source_text(LintContext& ctx) {
  for (const ScannedLine& l : ctx.scan.lines()) {
    if (l.comment || l.kind != 'R') continue;
    RuleFields f = split_rule(l.clean.text);
    space_separator(ctx, l, f);
    space_before_comment(ctx, l, f);
    continuation_tab(ctx, l, f);
  }
  blank_lines(ctx);
  comment_continuations(ctx);
  m4_sync_lines(ctx);
}

}  // namespace smcf::lint
