// line_fields.cpp -- where the name and value of an O line, the fields of
// an M line and the name of an S line are, using the reader's own
// grammars and unquoter so that the split is the one sendmail makes.
#include "lint/line_fields.hpp"

#include "base/bytes.hpp"
#include "grammar/mailer_fields.hpp"
#include "read/munch.hpp"

namespace smcf::lint {

std::optional<OptionText> parse_option_text(std::string_view clean) {
  if (clean.size() < 2 || clean[0] != 'O') return std::nullopt;
  OptionText o;
  if (clean[1] != ' ') {
    // Legacy: one letter, the value right after it.
    o.long_form = false;
    o.name_begin = 1;
    o.name_end = 2;
    o.name = std::string(1, clean[1]);
    o.value_begin = 2;
    o.value = std::string(clean.substr(2));
    return o;
  }
  // `O Name[.sub][=value]`: the name runs to '.', '=' or the end, without
  // trailing spaces (leading ones belong to it, as in sendmail).
  std::size_t p = 2;
  o.name_begin = p;
  while (p < clean.size() && clean[p] != '.' && clean[p] != '=') ++p;
  std::size_t e = p;
  while (e > o.name_begin && clean[e - 1] == ' ') --e;
  o.name_end = e;
  o.name = std::string(clean.substr(o.name_begin, e - o.name_begin));
  if (p < clean.size() && clean[p] == '.') {
    std::size_t s = ++p;
    while (p < clean.size() && clean[p] != '=') ++p;
    std::size_t se = p;
    while (se > s && clean[se - 1] == ' ') --se;
    o.sub_option = std::string(clean.substr(s, se - s));
  }
  if (p < clean.size() && clean[p] == '=') {
    ++p;
    while (p < clean.size() && clean[p] == ' ') ++p;
    o.value_begin = p;
    o.value = std::string(clean.substr(p));
  }
  return o;
}

const MailerField* MailerText::field(char code) const {
  for (const auto& f : fields)
    if (f.code == code) return &f;
  return nullptr;
}

MailerText parse_mailer_text(std::string_view clean) {
  MailerText m;
  if (clean.empty() || clean[0] != 'M') return m;
  std::string_view line = clean.substr(1);
  grammar::EquateName name;
  grammar::parse_equate_name(line, name);
  m.name = name.name;
  std::size_t p = name.rest;
  while (p < line.size()) {
    grammar::EquateField f;
    grammar::parse_equate_field(line.substr(p), grammar::EquateList::Fields, f);
    if (!f.assigned) break;
    Munched v = munch_string(line.substr(p + f.value), ',');
    MailerField mf;
    mf.code = static_cast<char>(f.code);
    mf.value_begin = 1 + p + f.value;
    mf.value_end = 1 + p + f.value + v.end;
    mf.value = v.value;
    m.fields.push_back(std::move(mf));
    if (v.end == 0 && f.value == 0) break;  // no progress: malformed
    p += f.value + v.end;
  }
  return m;
}

RulesetText parse_ruleset_text(std::string_view clean) {
  RulesetText r;
  std::size_t p = 1;
  while (p < clean.size() && is_space(static_cast<unsigned char>(clean[p]))) ++p;
  r.name_begin = p;
  while (p < clean.size() && (is_alnum(static_cast<unsigned char>(clean[p])) || clean[p] == '_')) ++p;
  r.name_end = p;
  r.name = std::string(clean.substr(r.name_begin, p - r.name_begin));
  return r;
}

}  // namespace smcf::lint
