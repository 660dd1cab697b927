// compiled.cpp -- interning a Config's rules.
#include "engine/compiled.hpp"

#include "engine/match.hpp"

#include "macro/expand.hpp"
#include "macro/macro_source.hpp"
#include "base/bytes.hpp"

namespace smcf {

// Slots and prefilter facts of a rule, from its tokens' lead bytes (the
// matcher decides a pattern token's role the same way).
void CompiledConfig::analyze(CompiledRule& cr) const {
  using namespace metabyte;
  bool fixed = true;
  for (std::size_t i = 0; i < cr.lhs.size(); ++i) {
    const SymInfo& info = syms_.info(cr.lhs[i]);
    std::int8_t slot = -1;
    bool literal = false;
    switch (info.lead) {
      case kMatchZAny:
        slot = static_cast<std::int8_t>(cr.wildcards++);
        fixed = false;
        break;
      case kMatchAny:
      case kMatchClass:
        slot = static_cast<std::int8_t>(cr.wildcards++);
        fixed = false;
        ++cr.min_tokens;
        break;
      case kMatchOne:
      case kMatchNClass:
        slot = static_cast<std::int8_t>(cr.wildcards++);
        ++cr.min_tokens;
        break;
      case kMatchZero:
        break;
      case kMacroDExpand:
        fixed = false;
        break;
      default:
        literal = true;
        ++cr.min_tokens;
        cr.literal_mask |= sym_bit(info.fold);
        break;
    }
    cr.slot_of.push_back(slot);
    if (literal && i == 0) cr.first_fold = info.fold;
    if (literal && i + 1 == cr.lhs.size()) cr.last_fold = info.fold;
  }
  cr.fixed_length = fixed;
  cr.next_fold.assign(cr.lhs.size(), kNoSym);
  for (std::size_t i = 0; i + 1 < cr.lhs.size(); ++i) {
    const SymInfo& nx = syms_.info(cr.lhs[i + 1]);
    if (is_literal_lead(nx.lead)) cr.next_fold[i] = nx.fold;
  }
  for (Sym s : cr.rhs) {
    unsigned char lead = syms_.info(s).lead;
    if (lead == kHostBegin || lead == kLookupBegin) cr.rhs_has_lookup = true;
  }
}

CompiledConfig::CompiledConfig(Config cf) : cf_(std::move(cf)) {
  // The operator set was frozen at the first R line; a cf without rules
  // freezes it now, from the same sources sendmail would use at its first
  // tokenization.
  std::string ops;
  if (cf_.frozen_operator_chars) {
    ops = *cf_.frozen_operator_chars;
  } else {
    std::string raw;
    if (cf_.options.operator_chars)
      raw = *cf_.options.operator_chars;
    else if (cf_.config_level < 7 && cf_.macros['o'])
      raw = cf_.macros['o']->value;
    else
      raw = std::string(kDefaultOperatorChars);
    ConfigMacros macros(cf_);
    ops = expand(raw, macros, nullptr, 41);
  }
  tables_ = make_char_tables(ops);

  for (std::size_t n = 0; n < cf_.rulesets.size(); ++n) {
    for (const Rule& r : cf_.rulesets[n].rules) {
      CompiledRule cr;
      cr.line = r.pos.line;
      for (const auto& t : r.lhs) cr.lhs.push_back(syms_.intern(token_spelling(t)));
      for (const auto& t : r.rhs) cr.rhs.push_back(syms_.intern(token_spelling(t)));
      analyze(cr);
      rulesets_[n].rules.push_back(std::move(cr));
    }
  }
}

}  // namespace smcf
