// grammar_map_line.cpp -- the parse function of grammar/map_line.hpp,
// compiled once here (X3 grammars are header-only templates).
#include "grammar/map_line.hpp"

#include "grammar/map_line_def.hpp"

namespace smcf::grammar {

MapLineStatus parse_map_line(std::string_view text, MapLineHead& out) {
  namespace x3 = boost::spirit::x3;
  out = MapLineHead{};
  auto first = text.begin();
  const auto last = text.end();
  x3::parse(first, last, map_rules::leading_blanks);
  if (!x3::parse(first, last, map_rules::map_name, out.name)) return MapLineStatus::NoName;
  x3::parse(first, last, map_rules::word_end);
  if (!x3::parse(first, last, map_rules::class_name, out.map_class)) return MapLineStatus::NoClass;
  x3::parse(first, last, map_rules::word_end);
  out.args.assign(first, last);
  return MapLineStatus::Ok;
}

}  // namespace smcf::grammar
