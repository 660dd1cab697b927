// compiled.cpp -- interning a Config's rules.
#include "engine/compiled.hpp"

#include "macro/expand.hpp"
#include "macro/macro_source.hpp"

namespace smcf {

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
      for (const auto& t : r.lhs) {
        cr.lhs.push_back(syms_.intern(token_spelling(t)));
        switch (t.kind) {
          case TokenKind::ZeroOrMore: case TokenKind::OneOrMore: case TokenKind::ExactlyOne:
          case TokenKind::InClass: case TokenKind::NotInClass:
            ++cr.wildcards;
            break;
          default:
            break;
        }
      }
      for (const auto& t : r.rhs) cr.rhs.push_back(syms_.intern(token_spelling(t)));
      rulesets_[n].rules.push_back(std::move(cr));
    }
  }
}

}  // namespace smcf
