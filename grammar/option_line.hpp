// option_line.hpp -- grammar declaration for the long form of an option,
// `O Name[.sub][=value]` (the text after "O ") and -O "Name=value".
// Definitions: option_line_def.hpp; instantiated in
// src/read/grammar_option_line.cpp.
#pragma once
#include <boost/optional.hpp>
#include <string>
#include <string_view>

#include <boost/fusion/include/adapt_struct.hpp>

namespace smcf::grammar {

// sendmail's split of a long option: the name runs to the first '=' with
// trailing spaces (only SPACE) dropped but leading ones kept; a '.' in it
// starts the sub-option; the value follows the '=' after leading spaces.
struct LongOption {
  std::string name;                        // may be empty ("O    " names nothing)
  boost::optional<std::string> sub_option;  // text after the first '.' of the name
  boost::optional<std::string> value;       // none: no '=' (sendmail then uses "")
};

// Always succeeds on a NUL-free text; the caller checks for a null name
// (text empty or starting with '=').
bool parse_long_option(std::string_view text, LongOption& out);

}  // namespace smcf::grammar

BOOST_FUSION_ADAPT_STRUCT(smcf::grammar::LongOption, name, sub_option, value)
