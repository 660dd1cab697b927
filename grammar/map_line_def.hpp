// map_line_def.hpp -- Spirit X3 definitions of the K line's structure.
#pragma once
#include <boost/spirit/home/x3.hpp>

namespace smcf::grammar::map_rules {

namespace x3 = boost::spirit::x3;

// sendmail tests bytes with isascii() && isalnum() / isspace() (C locale).
inline const auto blank = x3::char_(" \t\n\v\f\r");
inline const auto alnum = x3::char_('a', 'z') | x3::char_('A', 'Z') | x3::char_('0', '9');

// Leading blanks before the name.
const x3::rule<struct leading_blanks_class> leading_blanks = "leading_blanks";
const auto leading_blanks_def = x3::omit[*blank];

const x3::rule<struct map_name_class, std::string> map_name = "map_name";
const auto map_name_def = x3::raw[alnum >> *(alnum | x3::char_("_."))];

const x3::rule<struct class_name_class, std::string> class_name = "class_name";
const auto class_name_def = x3::raw[alnum >> *alnum];

// After a word: the byte that ended it (any), then blanks.
const x3::rule<struct word_end_class> word_end = "word_end";
const auto word_end_def = x3::omit[-x3::char_] >> x3::omit[*blank];

BOOST_SPIRIT_DEFINE(leading_blanks, map_name, class_name, word_end)

}  // namespace smcf::grammar::map_rules
