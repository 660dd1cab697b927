// mailer_fields.hpp -- grammar declarations for the labelled-field lines:
// M (mailer), Q (queue group), X (mail filter) and the T= timeout list of
// X lines.
// Definitions: mailer_fields_def.hpp; instantiated in
// src/read/grammar_mailer_fields.cpp.
//
// The grammars only find where things are.  Field values are unquoted by
// munch_string (read/munch.hpp) afterwards, as sendmail does, and the
// reader resumes after the byte munch_string stopped at.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace smcf::grammar {

// "NAME<delimiter>rest": the name runs to the first ',' or blank; exactly one
// delimiter byte after it is consumed.
struct EquateName {
  std::string name;
  std::size_t rest = 0;  // offset of the fields
};
void parse_equate_name(std::string_view line, EquateName& out);

// Two list styles: "X=value" fields separated by ',' and blanks (M Q X
// lines), and "X:value" timeouts separated by ';' and blanks (X's T=).
enum class EquateList { Fields, Timeouts };

struct EquateField {
  unsigned char code = 0;    // first byte of the field name; 0: nothing left
  bool assigned = false;     // the '=' (':') was found
  std::size_t value = 0;     // offset of the value (blanks after '=' skipped)
  std::size_t value_end = 0; // offset of the unquoted delimiter or the end
};
// One field at the start of `text` (leading separators included).  When
// `assigned` is false the line is malformed at this field.
void parse_equate_field(std::string_view text, EquateList style, EquateField& out);

}  // namespace smcf::grammar
