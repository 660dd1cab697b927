// ruleset_name.cpp -- ruleset numbers and names.
#include "names/ruleset_name.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "ir/config.hpp"

namespace smcf {
namespace {

constexpr int kHalf = limits::kMaxRulesets / 2;  // 100

std::string first20(std::string_view s) { return std::string(s.substr(0, 20)); }

// The one implementation: `rulesets` is where Enter records display names
// (null for a run-time Find, which never defines a ruleset).
RulesetRef lookup(std::string_view text, RulesetLookup mode, RulesetNames& names, std::array<Ruleset, 200>* rulesets,
                  Reporter* rep) {
  std::string_view s = c_str_view(text);
  std::size_t p = 0;
  while (p < s.size() && is_space(static_cast<unsigned char>(s[p]))) ++p;
  auto at = [&](std::size_t i) -> unsigned char { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; };

  RulesetRef out;
  if (!is_ascii(at(p))) {
    if (rep) rep->syserr("ruleset-invalid-name", fmt::format("invalid ruleset name: \"{}\"", first20(s.substr(p))));
    return out;
  }
  if (is_digit(at(p))) {
    std::size_t used = 0;
    int n = static_cast<int>(parse_long(s.substr(p), &used, 10));
    out.end = p + used;
    if (n >= kHalf || n < 0) {
      if (rep) rep->syserr("ruleset-bad-number", fmt::format("bad ruleset {} ({} max)", n, kHalf));
      n = -1;
    }
    out.number = n;
    return out;
  }

  std::size_t q = p;
  while (p < s.size() && is_ascii(at(p)) && (is_alnum(at(p)) || at(p) == '_')) ++p;
  if (q == p || !is_alpha(at(q))) {
    if (rep) rep->syserr("ruleset-invalid-name", fmt::format("invalid ruleset name: \"{}\"", first20(s.substr(q))));
    return out;
  }
  std::string name(s.substr(q, p - q));
  // sendmail overwrites the blanks after the name with NULs, so messages
  // that print "the text from the name on" show only the name when blanks
  // followed it, and the whole rest of the line otherwise.
  std::string qtext = (p < s.size() && is_space(at(p))) ? name : std::string(s.substr(q));
  while (p < s.size() && is_space(at(p))) ++p;
  unsigned char delim = at(p);

  auto it = names.by_name.find(name);
  if (it == names.by_name.end()) {
    if (mode == RulesetLookup::Find) return out;
    it = names.by_name.emplace(name, -1).first;
  }
  int& bound = it->second;

  int n = -1;
  if (mode == RulesetLookup::Enter && delim == '=') {
    ++p;
    while (p < s.size() && is_space(at(p))) ++p;
    if (!is_digit(at(p))) {
      if (rep)
        rep->syserr("ruleset-bad-definition",
                    fmt::format("bad ruleset definition \"{}\" (number required after `=')", qtext));
    } else {
      std::size_t used = 0;
      n = static_cast<int>(parse_long(s.substr(p), &used, 10));
      out.end = p + used;
      if (n >= kHalf || n < 0) {
        if (rep) rep->syserr("ruleset-bad-number", fmt::format("bad ruleset number {} in \"{}\" ({} max)", n, qtext, kHalf));
        n = -1;
      }
    }
  } else {
    out.end = p;
    if (bound >= 0) {
      n = bound;
    } else if ((n = --names.next_auto) < kHalf) {
      if (rep) rep->syserr("ruleset-too-many-named", fmt::format("{}: too many named rulesets ({} max)", qtext, kHalf));
      n = -1;
    }
  }
  if (bound >= 0 && n >= 0 && n != bound) {
    if (rep) rep->syserr("ruleset-changed-value", fmt::format("{}: ruleset changed value (old {}, new {})", qtext, bound, n));
    n = bound;
  } else if (n >= 0) {
    bound = n;
  }
  if (mode == RulesetLookup::Enter && n >= 0 && rulesets) {
    // The display name is the name cut at the first occurrence of the
    // delimiter byte; that byte can occur in the name itself when blanks
    // separate them ("S=Bob Bar" displays as "").
    std::string shown = name;
    if (delim != 0) {
      auto cut = shown.find(static_cast<char>(delim));
      if (cut != std::string::npos) shown.resize(cut);
    }
    Ruleset& rs = (*rulesets)[static_cast<std::size_t>(n)];
    rs.name = std::move(shown);
    rs.named = true;
  }
  out.number = n;
  return out;
}

}  // namespace

RulesetRef parse_ruleset(std::string_view text, RulesetLookup mode, Config& cf, Reporter* rep) {
  return lookup(text, mode, cf.ruleset_names, &cf.rulesets, rep);
}

RulesetRef find_ruleset(std::string_view text, RulesetNames& names, Reporter* rep) {
  return lookup(text, RulesetLookup::Find, names, nullptr, rep);
}

std::string ruleset_display_name(const Config& cf, int number) {
  if (number >= 0 && number < limits::kMaxRulesets && cf.rulesets[static_cast<std::size_t>(number)].named)
    return cf.rulesets[static_cast<std::size_t>(number)].name;
  return std::to_string(number);
}

}  // namespace smcf
