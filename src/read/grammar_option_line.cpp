// grammar_option_line.cpp -- the parse function of grammar/option_line.hpp,
// compiled once here (X3 grammars are header-only templates).
#include "grammar/option_line.hpp"

#include "grammar/option_line_def.hpp"

namespace smcf::grammar {

bool parse_long_option(std::string_view text, LongOption& out) {
  auto first = text.begin();
  out = LongOption{};
  return boost::spirit::x3::parse(first, text.end(), option_rules::long_option, out) &&
         first == text.end();
}

}  // namespace smcf::grammar
