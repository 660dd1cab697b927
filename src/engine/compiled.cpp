// compiled.cpp -- interning a Config's rules.
#include "engine/compiled.hpp"

#include "engine/match.hpp"

#include "macro/expand.hpp"
#include "macro/macro_source.hpp"
#include "base/bytes.hpp"
#include "base/limits.hpp"

namespace smcf {

void RuleStore::reserve(std::size_t rules, std::size_t tokens) {
  rules_.reserve(rules);
  offsets_.reserve(rules);
  syms_.reserve(tokens);
  pattern_.reserve(tokens);
  replacement_.reserve(tokens);
}

bool RuleStore::add(int ruleset, std::span<const Sym> lhs, std::span<const Sym> rhs, int line,
                    const SymbolTable& syms) {
  using namespace metabyte;
  if (ruleset < last_ruleset_ || ruleset >= static_cast<int>(rulesets_.size())) return false;
  CompiledRule cr;
  cr.line = line;
  cr.wildcards = compile_pattern(lhs, syms, scratch_);
  if (cr.wildcards > limits::kMaxMatch) return false;
  for (int n = last_ruleset_ + 1; n <= ruleset; ++n)
    first_rule_[static_cast<std::size_t>(n)] = static_cast<std::uint32_t>(rules_.size());
  last_ruleset_ = ruleset;

  Offsets at;
  at.lhs = static_cast<std::uint32_t>(syms_.size());
  at.lhs_size = static_cast<std::uint32_t>(lhs.size());
  syms_.insert(syms_.end(), lhs.begin(), lhs.end());
  at.rhs = static_cast<std::uint32_t>(syms_.size());
  at.rhs_size = static_cast<std::uint32_t>(rhs.size());
  syms_.insert(syms_.end(), rhs.begin(), rhs.end());
  at.pattern = static_cast<std::uint32_t>(pattern_.size());
  pattern_.insert(pattern_.end(), scratch_.begin(), scratch_.end());

  // Prefilter facts, from the compiled pattern.
  cr.min_tokens = 0;
  cr.fixed_length = true;
  cr.first_fold = cr.last_fold = kNoSym;
  cr.literal_mask = 0;
  for (const PatternOp& op : scratch_) {
    switch (op.kind) {
      case PatternKind::kLiteral:
        ++cr.min_tokens;
        cr.literal_mask |= sym_bit(op.fold);
        break;
      case PatternKind::kOneOrMore:
      case PatternKind::kInClass:
        ++cr.min_tokens;
        cr.fixed_length = false;
        break;
      case PatternKind::kExactlyOne:
      case PatternKind::kNotInClass:
        ++cr.min_tokens;
        break;
      case PatternKind::kZeroOrMore:
      case PatternKind::kDeferredMacro:
        cr.fixed_length = false;
        break;
      case PatternKind::kEmpty:
        break;
    }
  }
  if (!scratch_.empty() && scratch_.front().kind == PatternKind::kLiteral) cr.first_fold = scratch_.front().fold;
  if (!scratch_.empty() && scratch_.back().kind == PatternKind::kLiteral) cr.last_fold = scratch_.back().fold;

  // The RHS: its prefix, then one op per token.
  cr.rhs_prefix = 0;
  std::size_t k = 0;
  if (!rhs.empty()) {
    unsigned char lead = syms.lead(rhs[0]);
    if (lead == kCanonUser || lead == kCanonHost) {
      cr.rhs_prefix = lead;
      k = 1;
    }
  }
  at.replacement = static_cast<std::uint32_t>(replacement_.size());
  at.replacement_size = static_cast<std::uint32_t>(rhs.size() - k);
  for (; k < rhs.size(); ++k) {
    const SymInfo& info = syms.info(rhs[k]);
    ReplOp op;
    op.sym = rhs[k];
    std::uint8_t second = info.text.size() > 1 ? static_cast<std::uint8_t>(info.text[1]) : 0;
    if (info.lead == kMatchRepl) {
      op.kind = ReplKind::kSlot;
      op.arg = second;
    } else if (info.lead == kMacroDExpand) {
      op.kind = ReplKind::kDeferredMacro;
      op.arg = second;
    }
    replacement_.push_back(op);
    if (k > 0 && syms.lead(rhs[k - 1]) == kCallSubr && info.text.find_first_of("\"\\") != std::string::npos)
      cr.quoted_call = true;
  }
  rules_.push_back(cr);
  offsets_.push_back(at);
  return true;
}

void RuleStore::finish() {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    CompiledRule& cr = rules_[i];
    const Offsets& at = offsets_[i];
    cr.lhs = std::span<const Sym>(syms_.data() + at.lhs, at.lhs_size);
    cr.rhs = std::span<const Sym>(syms_.data() + at.rhs, at.rhs_size);
    cr.pattern = std::span<const PatternOp>(pattern_.data() + at.pattern, at.lhs_size);
    cr.replacement = std::span<const ReplOp>(replacement_.data() + at.replacement, at.replacement_size);
  }
  for (std::size_t n = static_cast<std::size_t>(last_ruleset_) + 1; n < first_rule_.size(); ++n)
    first_rule_[n] = static_cast<std::uint32_t>(rules_.size());
  for (std::size_t n = 0; n < rulesets_.size(); ++n)
    rulesets_[n].rules = std::span<const CompiledRule>(rules_.data() + first_rule_[n], first_rule_[n + 1] - first_rule_[n]);
  offsets_.clear();
  offsets_.shrink_to_fit();
  scratch_.clear();
  scratch_.shrink_to_fit();
}

Config CompiledConfig::ir_with_rule_tokens() const {
  Config cf = *cf_;
  if (!cf.rule_tokens_elided) return cf;
  for (std::size_t n = 0; n < cf.rulesets.size(); ++n) {
    auto& rules = cf.rulesets[n].rules;
    const auto& compiled = ruleset(static_cast<int>(n)).rules;
    // (An image's IR and engine part hold the same rules: checked when
    // the image is read.)
    for (std::size_t i = 0; i < rules.size() && i < compiled.size(); ++i) {
      for (Sym s : compiled[i].lhs) rules[i].lhs.push_back(token_from_spelling(syms_.info(s).text));
      for (Sym s : compiled[i].rhs) rules[i].rhs.push_back(token_from_spelling(syms_.info(s).text));
    }
  }
  cf.rule_tokens_elided = false;
  return cf;
}

CompiledConfig::CompiledConfig(Config config) : cf_(std::make_unique<const Config>(std::move(config))) {
  const Config& cf = *cf_;
  // The operator set was frozen at the first R line; a cf without rules
  // freezes it now, from the same sources sendmail would use at its first
  // tokenization.
  std::string ops;
  if (cf.frozen_operator_chars) {
    ops = *cf.frozen_operator_chars;
  } else {
    std::string raw;
    if (cf.options.operator_chars)
      raw = *cf.options.operator_chars;
    else if (cf.config_level < 7 && cf.macros['o'])
      raw = cf.macros['o']->value;
    else
      raw = std::string(kDefaultOperatorChars);
    ConfigMacros macros(cf);
    ops = expand(raw, macros, nullptr, 41);
  }
  tables_ = make_char_tables(ops);

  std::vector<Sym> lhs, rhs;
  for (std::size_t n = 0; n < cf.rulesets.size(); ++n) {
    for (const Rule& r : cf.rulesets[n].rules) {
      lhs.clear();
      rhs.clear();
      for (const auto& t : r.lhs) lhs.push_back(syms_.intern(token_spelling(t)));
      for (const auto& t : r.rhs) rhs.push_back(syms_.intern(token_spelling(t)));
      // (The reader drops an LHS with too many wildcards.)
      rules_.add(static_cast<int>(n), lhs, rhs, r.pos.line, syms_);
    }
  }
  rules_.finish();
}

}  // namespace smcf
