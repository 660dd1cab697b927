// cf_lines_def.hpp -- Spirit X3 definitions of the V and P line grammars.
#pragma once
#include <boost/spirit/home/x3.hpp>

#include "grammar/ast.hpp"

namespace smcf::grammar::rules {

namespace x3 = boost::spirit::x3;

// sendmail's notion of white space is the ASCII isspace() set.
inline const auto blank = x3::char_(" \t\n\v\f\r");
inline const auto ascii_digit = x3::char_('0', '9');
inline const auto ascii_alpha = x3::char_('a', 'z') | x3::char_('A', 'Z');

// V: blanks, a decimal number, and a vendor only if '/' follows the digits
// directly ("V10 /Berkeley" has none); anything after is ignored.
const x3::rule<struct vendor_code_class, std::string> vendor_code = "vendor_code";
const auto vendor_code_def = x3::lit('/') >> x3::raw[*ascii_alpha];
const x3::rule<struct version_line_class, VersionLine> version_line = "version_line";
const auto version_line_def = x3::omit[*blank] >> x3::raw[+ascii_digit] >> -vendor_code >> x3::omit[*x3::char_];

// P: everything up to the first '=' is the name, the rest is the value.
const x3::rule<struct precedence_line_class, PrecedenceLine> precedence_line = "precedence_line";
const auto precedence_line_def = x3::raw[*(x3::char_ - '=')] >> '=' >> x3::raw[*x3::char_];

BOOST_SPIRIT_DEFINE(vendor_code, version_line, precedence_line)

}  // namespace smcf::grammar::rules
