// compiled.cpp -- interning a Config's rules.
#include "engine/compiled.hpp"

#include "engine/match.hpp"

#include "macro/expand.hpp"
#include "macro/macro_source.hpp"
#include "base/bytes.hpp"
#include "base/limits.hpp"

namespace smcf {

bool compile_rule(CompiledRule& cr, const SymbolTable& syms) {
  using namespace metabyte;
  cr.wildcards = compile_pattern(cr.lhs, syms, cr.pattern);
  if (cr.wildcards > limits::kMaxMatch) return false;

  // Prefilter facts, from the compiled pattern.
  cr.min_tokens = 0;
  cr.fixed_length = true;
  cr.first_fold = cr.last_fold = kNoSym;
  cr.literal_mask = 0;
  for (const PatternOp& op : cr.pattern) {
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
  if (!cr.pattern.empty() && cr.pattern.front().kind == PatternKind::kLiteral) cr.first_fold = cr.pattern.front().fold;
  if (!cr.pattern.empty() && cr.pattern.back().kind == PatternKind::kLiteral) cr.last_fold = cr.pattern.back().fold;

  // The RHS: its prefix, then one op per token.
  cr.rhs_prefix = 0;
  cr.replacement.clear();
  std::size_t k = 0;
  if (!cr.rhs.empty()) {
    unsigned char lead = syms.info(cr.rhs[0]).lead;
    if (lead == kCanonUser || lead == kCanonHost) {
      cr.rhs_prefix = lead;
      k = 1;
    }
  }
  for (; k < cr.rhs.size(); ++k) {
    const SymInfo& info = syms.info(cr.rhs[k]);
    ReplOp op;
    op.sym = cr.rhs[k];
    std::uint8_t second = info.text.size() > 1 ? static_cast<std::uint8_t>(info.text[1]) : 0;
    if (info.lead == kMatchRepl) {
      op.kind = ReplKind::kSlot;
      op.arg = second;
    } else if (info.lead == kMacroDExpand) {
      op.kind = ReplKind::kDeferredMacro;
      op.arg = second;
    }
    cr.replacement.push_back(op);
  }
  return true;
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
      compile_rule(cr, syms_);  // (the reader drops an LHS with too many wildcards)
      rulesets_[n].rules.push_back(std::move(cr));
    }
  }
}

}  // namespace smcf
