// context.cpp -- freezing the operator characters at first use.
#include "read/context.hpp"

#include "macro/expand.hpp"
#include "macro/macro_source.hpp"

namespace smcf {

const CharTables& ReadContext::char_tables() {
  if (!tables) {
    std::string ops;
    if (cf.options.operator_chars) {
      ops = *cf.options.operator_chars;
    } else if (cf.config_level < 7 && macro('o')) {
      ops = *macro('o');
    } else {
      ops = std::string(kDefaultOperatorChars);
    }
    ConfigMacros macros(cf);
    std::string expanded = expand(ops, macros, &rep, 41);
    cf.frozen_operator_chars = expanded;
    tables = make_char_tables(expanded);
  }
  return *tables;
}

}  // namespace smcf
