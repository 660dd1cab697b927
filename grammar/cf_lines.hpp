// cf_lines.hpp -- grammar declarations for the structure of simple cf lines
// (V, P).  Definitions: cf_lines_def.hpp; instantiated in
// src/read/grammar_instances.cpp.
#pragma once
#include <string_view>

#include "grammar/ast.hpp"

namespace smcf::grammar {

// The text after 'V'.  False when no decimal level follows the blanks.
bool parse_version_line(std::string_view text, VersionLine& out);
// The text after 'P'.  False when there is no '='.
bool parse_precedence_line(std::string_view text, PrecedenceLine& out);

}  // namespace smcf::grammar
