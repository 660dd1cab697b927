// cf_scan.cpp -- comment removal with position tracking, R-line fields,
// and the per-logical-line scan (kind, config level).
#include "lint/cf_scan.hpp"

#include "base/bytes.hpp"

namespace smcf::lint {

CleanText strip_comments(std::string_view joined, int config_level) {
  CleanText out;
  std::string& t = out.text;
  auto& off = out.offset;
  auto push = [&](char c, std::size_t at) {
    t.push_back(c);
    off.push_back(at);
  };
  for (std::size_t i = 0; i < joined.size(); ++i) {
    char c = joined[i];
    if (c == '\0') break;  // sendmail works on C strings
    if (c == '$' && i + 1 < joined.size()) {
      if (joined[i + 1] == '$') {
        push('\001', i);  // a literal dollar
        ++i;
        continue;
      }
      push('$', i);
      push(joined[i + 1], i + 1);  // the name byte (or = ~ & ?) is never a comment
      ++i;
      continue;
    }
    if (c == '#' && !t.empty() && config_level >= 3) {
      if (t.back() == '\\') {
        t.back() = '#';
        off.back() = i;
        continue;
      }
      while (!t.empty() && t.size() > 1 && is_space(static_cast<unsigned char>(t.back())) && t.back() != '\n') {
        t.pop_back();
        off.pop_back();
      }
      std::size_t lf = joined.find('\n', i);
      if (lf == std::string_view::npos) break;
      i = lf - 1;  // the LF itself is kept
      continue;
    }
    push(c, i);
  }
  while (t.size() > 1 && is_space(static_cast<unsigned char>(t.back()))) {
    t.pop_back();
    off.pop_back();
  }
  return out;
}

RuleFields split_rule(std::string_view clean) {
  RuleFields f;
  std::size_t tab = clean.find('\t', 1);
  if (tab == std::string_view::npos) {
    f.lhs_end = clean.size();
    return f;
  }
  f.has_tab = true;
  f.lhs_end = tab;
  std::size_t p = tab;
  while (p < clean.size() && clean[p] == '\t') ++p;
  f.rhs_begin = p;
  while (p < clean.size() && clean[p] != '\t') ++p;
  f.rhs_end = p;
  while (p < clean.size() && clean[p] == '\t') ++p;
  if (p < clean.size()) f.comment_begin = p;
  return f;
}

std::optional<std::pair<std::size_t, std::size_t>> find_space_separator(std::string_view clean,
                                                                        std::size_t lhs_end, bool loose) {
  std::optional<std::pair<std::size_t, std::size_t>> first_run;
  std::size_t p = 1;
  while (p < lhs_end) {
    if (clean[p] != ' ') {
      // Skip a $x pair as a unit, so that "$ " is never taken for a run.
      p += clean[p] == '$' ? 2 : 1;
      continue;
    }
    std::size_t b = p;
    while (p < lhs_end && clean[p] == ' ') ++p;
    if (p >= lhs_end) break;  // trailing blanks (before the TAB)
    std::size_t run = p - b;
    if (run >= 2 && !first_run) first_run = std::make_pair(b, p);
    if (clean[p] == '$' && p + 1 < lhs_end) {
      char m = clean[p + 1];
      bool rhs_only = m == ':' || m == '>' || m == '[' || m == '(' || (m >= '1' && m <= '9');
      bool legal_on_lhs = m == '@' || m == '#';
      if (rhs_only || (legal_on_lhs && run >= 2)) return std::make_pair(b, p);
    }
  }
  if (loose) return first_run;
  return std::nullopt;
}

CfScan::CfScan(const SourceText& src) : src_(src) {
  by_last_.assign(static_cast<std::size_t>(src.line_count()) + 1, -1);
  int level = 0;
  for (const LogicalLine& l : src.logical_lines()) {
    ScannedLine s;
    s.where = l;
    s.joined = src.joined(l);
    s.config_level = level;
    s.comment = !s.joined.empty() && s.joined[0] == '#';
    if (s.comment && s.joined.find("$Id: proto.m4,") != std::string::npos) m4_framework_ = true;
    if (!s.comment) {
      s.clean = strip_comments(s.joined, level);
      if (!s.clean.text.empty()) s.kind = s.clean.text[0];
      if (s.kind == 'V') {
        // V: the level is the decimal number after optional blanks.
        std::string_view v = std::string_view(s.clean.text).substr(1);
        while (!v.empty() && is_space(static_cast<unsigned char>(v[0]))) v.remove_prefix(1);
        std::size_t used = 0;
        long n = parse_long(v, &used, 10);
        if (used > 0) level = static_cast<int>(n);
      }
    }
    by_last_[static_cast<std::size_t>(l.last)] = static_cast<int>(lines_.size());
    lines_.push_back(std::move(s));
  }
}

const ScannedLine* CfScan::ending_at(int n) const {
  if (n < 1 || n >= static_cast<int>(by_last_.size())) return nullptr;
  int i = by_last_[static_cast<std::size_t>(n)];
  return i < 0 ? nullptr : &lines_[static_cast<std::size_t>(i)];
}

std::pair<int, int> CfScan::position(const ScannedLine& l, std::size_t clean_offset) const {
  const auto& off = l.clean.offset;
  if (off.empty()) return {l.where.first, 1};
  std::size_t joined_offset = clean_offset < off.size() ? off[clean_offset] : off.back() + 1;
  return src_.position(l.where, joined_offset);
}

}  // namespace smcf::lint
