// grammar_header_line.cpp -- the parse function of grammar/header_line.hpp,
// compiled once here (X3 grammars are header-only templates).
#include "grammar/header_line.hpp"

#include "grammar/header_line_def.hpp"

namespace smcf::grammar {

HeaderLineParse parse_header_line(std::string_view text, HeaderLine& out) {
  namespace x3 = boost::spirit::x3;
  out = HeaderLine{};
  auto first = text.begin();
  if (first != text.end() && *first == '?') {
    out.has_condition = true;
    if (!x3::parse(first, text.end(), header_rules::header_condition, out.condition))
      return HeaderLineParse::UnclosedCondition;
  }
  if (!x3::parse(first, text.end(), header_rules::header_field, out.field) || first != text.end())
    return HeaderLineParse::BadField;
  return HeaderLineParse::Ok;
}

}  // namespace smcf::grammar
