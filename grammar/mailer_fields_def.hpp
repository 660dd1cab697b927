// mailer_fields_def.hpp -- Spirit X3 definitions of the labelled-field
// grammars declared in mailer_fields.hpp.
#pragma once
#include <boost/spirit/home/x3.hpp>

#include "grammar/mailer_fields.hpp"

namespace smcf::grammar::equate_rules {

namespace x3 = boost::spirit::x3;

// sendmail's notion of white space is the ASCII isspace() set.
inline const auto blank = x3::char_(" \t\n\v\f\r");

// The name ends at a comma or a blank; one such byte goes with it.
inline const auto name_part = x3::raw[*~x3::char_(", \t\n\v\f\r")];
inline const auto name_delimiter = x3::omit[-x3::char_];

// A field value as munchstring reads it: a backslash takes the next byte
// whatever it is, '"' toggles quoting (backslashes still work inside), and
// outside quotes the delimiter ends the value.
template <char Delim>
inline const auto value_part = x3::raw[*(
    (x3::lit('\\') >> -x3::char_) |
    (x3::lit('"') >> *((x3::lit('\\') >> -x3::char_) | ~x3::char_('"')) >> -x3::lit('"')) |
    ~x3::char_(Delim))];

// "X...=value" fields: separators are commas and blanks; the field name
// runs to '=' (or, malformed, to a comma or the end).
inline const auto field_separators = x3::omit[*(x3::char_(',') | blank)];
inline const auto field_head = x3::raw[*~x3::char_("=,")];
inline const auto field_assign = x3::lit('=');

// "X...:value" timeouts: separators are ';' and blanks; the name runs to ':'.
inline const auto timeout_separators = x3::omit[*(x3::char_(';') | blank)];
inline const auto timeout_head = x3::raw[*~x3::char_(':')];
inline const auto timeout_assign = x3::lit(':');

inline const auto value_blanks = x3::omit[*blank];

}  // namespace smcf::grammar::equate_rules
