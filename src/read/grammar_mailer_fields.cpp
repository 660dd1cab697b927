// grammar_mailer_fields.cpp -- the parse functions of
// grammar/mailer_fields.hpp, compiled once here (X3 grammars are
// header-only templates).
#include "grammar/mailer_fields.hpp"

#include "grammar/mailer_fields_def.hpp"

namespace smcf::grammar {

namespace x3 = boost::spirit::x3;
namespace r = equate_rules;

void parse_equate_name(std::string_view line, EquateName& out) {
  auto first = line.begin();
  boost::iterator_range<std::string_view::const_iterator> name;
  x3::parse(first, line.end(), r::name_part, name);
  out.name.assign(name.begin(), name.end());
  x3::parse(first, line.end(), r::name_delimiter);
  out.rest = static_cast<std::size_t>(first - line.begin());
}

namespace {

template <class Separators, class Head, class Assign, class Value>
void parse_field(std::string_view text, const Separators& sep, const Head& head, const Assign& assign,
                 const Value& value, EquateField& out) {
  out = EquateField{};
  const auto begin = text.begin();
  auto it = begin;
  x3::parse(it, text.end(), sep);
  if (it == text.end()) return;  // code 0: only separators were left
  // The code is the first byte of the name, or the '=' itself when the
  // name is empty ("=5" is field '=').
  out.code = static_cast<unsigned char>(*it);
  x3::parse(it, text.end(), head);
  if (!x3::parse(it, text.end(), assign)) return;
  out.assigned = true;
  x3::parse(it, text.end(), r::value_blanks);
  out.value = static_cast<std::size_t>(it - begin);
  x3::parse(it, text.end(), value);
  out.value_end = static_cast<std::size_t>(it - begin);
}

}  // namespace

void parse_equate_field(std::string_view text, EquateList style, EquateField& out) {
  if (style == EquateList::Fields)
    parse_field(text, r::field_separators, r::field_head, r::field_assign, r::value_part<','>, out);
  else
    parse_field(text, r::timeout_separators, r::timeout_head, r::timeout_assign, r::value_part<';'>, out);
}

}  // namespace smcf::grammar
