// grammar_instances.cpp -- the parse functions of grammar/cf_lines.hpp,
// compiled once here (X3 grammars are header-only templates).
#include "grammar/cf_lines.hpp"

#include "grammar/cf_lines_def.hpp"

namespace smcf::grammar {

bool parse_version_line(std::string_view text, VersionLine& out) {
  auto first = text.begin();
  out = VersionLine{};
  return boost::spirit::x3::parse(first, text.end(), rules::version_line, out);
}

bool parse_precedence_line(std::string_view text, PrecedenceLine& out) {
  auto first = text.begin();
  out = PrecedenceLine{};
  return boost::spirit::x3::parse(first, text.end(), rules::precedence_line, out) && first == text.end();
}

}  // namespace smcf::grammar
