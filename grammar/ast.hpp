// ast.hpp -- the small syntax trees the cf line grammars produce.
//
// Each struct is what one grammar in this directory yields for one line
// type (or one field); the reader (src/read/) turns it into IR and applies
// sendmail's semantics and messages.  Kept apart from the grammars, as in
// the Spirit X3 examples.
#pragma once
#include <boost/optional.hpp>
#include <string>

#include <boost/fusion/include/adapt_struct.hpp>

namespace smcf::grammar {

// V<level>[/<vendor>]
struct VersionLine {
  std::string digits;                 // the decimal level as written
  boost::optional<std::string> vendor;  // letters after a '/' right after the digits
};

// P<name>=<number>
struct PrecedenceLine {
  std::string name;
  std::string value;  // converted with atoi() by the reader
};

}  // namespace smcf::grammar

BOOST_FUSION_ADAPT_STRUCT(smcf::grammar::VersionLine, digits, vendor)
BOOST_FUSION_ADAPT_STRUCT(smcf::grammar::PrecedenceLine, name, value)
