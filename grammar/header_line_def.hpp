// header_line_def.hpp -- Spirit X3 definitions of the H line grammar.
#pragma once
#include <boost/spirit/home/x3.hpp>

#include "grammar/header_line.hpp"

namespace smcf::grammar::header_rules {

namespace x3 = boost::spirit::x3;

// sendmail's white space is the ASCII isspace() set; a header name byte
// is ASCII isgraph() except ':'.  Bytes >= 0x80 are negative chars here, so
// they fall outside both ranges.
inline const auto blank = x3::char_(" \t\n\v\f\r");
inline const auto name_byte = x3::char_('\x21', '\x7e') - ':';

// ?condition?: any bytes up to the next '?'.
const x3::rule<struct header_condition_class, std::string> header_condition = "header_condition";
const auto header_condition_def = x3::lit('?') >> x3::raw[*(x3::char_ - '?')] >> x3::lit('?');

// Name, blanks, ':', value.
const x3::rule<struct header_field_class, HeaderField> header_field = "header_field";
const auto header_field_def = x3::raw[+name_byte] >> x3::omit[*blank] >> x3::lit(':') >> x3::raw[*x3::char_];

BOOST_SPIRIT_DEFINE(header_condition, header_field)

}  // namespace smcf::grammar::header_rules
