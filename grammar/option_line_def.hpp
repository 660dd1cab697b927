// option_line_def.hpp -- Spirit X3 definition of the long option grammar.
#pragma once
#include <boost/spirit/home/x3.hpp>

#include "grammar/option_line.hpp"

namespace smcf::grammar::option_rules {

namespace x3 = boost::spirit::x3;

// A run of spaces belongs to the name only when more of the name follows;
// spaces right before the '=' or the end are the trimmed trailing spaces.
inline const auto inner_spaces = +x3::char_(' ') >> &(x3::char_ - '=');

// The name proper stops at the first '.', the sub-option at the '='.
const x3::rule<struct option_name_class, std::string> option_name = "option_name";
const auto option_name_def = x3::raw[*((x3::char_ - ' ' - '=' - '.') | inner_spaces)];

const x3::rule<struct sub_option_class, std::string> sub_option = "sub_option";
const auto sub_option_def = x3::lit('.') >> x3::raw[*((x3::char_ - ' ' - '=') | inner_spaces)];

const x3::rule<struct option_value_class, std::string> option_value = "option_value";
const auto option_value_def = x3::lit('=') >> x3::omit[*x3::char_(' ')] >> x3::raw[*x3::char_];

const x3::rule<struct long_option_class, LongOption> long_option = "long_option";
const auto long_option_def = option_name >> -sub_option >> x3::omit[*x3::char_(' ')] >> -option_value;

BOOST_SPIRIT_DEFINE(option_name, sub_option, option_value, long_option)

}  // namespace smcf::grammar::option_rules
