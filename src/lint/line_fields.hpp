// line_fields.hpp -- positions of the parts of O, M and S lines in a
// cleaned line (cf_scan.hpp), for columns and fix-its.  The reader has the
// meaning of these lines; this only finds where the text is.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf::lint {

// `O Name[.sub]=value` or the legacy `OXvalue`.
struct OptionText {
  bool long_form = true;
  std::size_t name_begin = 0, name_end = 0;  // the name as written (legacy: the letter)
  std::size_t value_begin = std::string::npos;
  std::string name;
  std::string sub_option;
  std::string value;
};
std::optional<OptionText> parse_option_text(std::string_view clean);

// One `X=value` field of an M line.
struct MailerField {
  char code = 0;
  std::size_t value_begin = 0, value_end = 0;
  std::string value;
};
// The mailer name and its fields, split the way makemailer() splits them
// (fields separated by commas and blanks; a value may be quoted).
struct MailerText {
  std::string name;
  std::vector<MailerField> fields;
  const MailerField* field(char code) const;
};
MailerText parse_mailer_text(std::string_view clean);

// An S line's argument: [name_begin, name_end) is the name or number.
struct RulesetText {
  std::size_t name_begin = 1, name_end = 1;
  std::string name;
};
RulesetText parse_ruleset_text(std::string_view clean);

}  // namespace smcf::lint
