// header_line.hpp -- grammar declaration for the structure of an H line
// (the text after 'H'): `[?condition?]Name[blanks]:value`.
// Definitions: header_line_def.hpp; instantiated in
// src/read/grammar_header_line.cpp.  What the condition means (mailer
// flags or one macro) and every message are the reader's business
// (src/read/header_line.cpp).
#pragma once
#include <string>
#include <string_view>

#include <boost/fusion/include/adapt_struct.hpp>

namespace smcf::grammar {

// Name and value of a header field.  The name is a run of printable ASCII
// bytes other than ':', so it cannot be empty; blanks may separate it from
// the ':'; the value is everything after the ':' (blanks included).
struct HeaderField {
  std::string name;
  std::string value;
};

enum class HeaderLineParse {
  Ok,
  UnclosedCondition,  // a leading '?' without a second one
  BadField,           // no name, or no ':' after the name and blanks
};

struct HeaderLine {
  bool has_condition = false;
  std::string condition;  // the bytes between the two '?' (may be empty)
  HeaderField field;      // valid only for HeaderLineParse::Ok
};

// A leading '?' always opens a condition, which runs to the next '?'.
HeaderLineParse parse_header_line(std::string_view text, HeaderLine& out);

}  // namespace smcf::grammar

BOOST_FUSION_ADAPT_STRUCT(smcf::grammar::HeaderField, name, value)
