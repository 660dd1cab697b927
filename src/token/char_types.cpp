// char_types.cpp -- the base token tables and the operator adjustment.
#include "token/char_types.hpp"

namespace smcf {
namespace {

CharTable base_external() {
  CharTable t;
  t.fill(CharType::Atm);
  for (unsigned char c : {'\t', '\n', '\v', '\f', '\r', ' ', '(', ')'}) t[c] = CharType::Spc;
  t['"'] = CharType::Qst;
  return t;
}

// The upper half shared by the internal and no-comment tables: the
// metacharacter bytes are operators, the ones that take an argument byte
// (and the quote byte 0377) pick up one more byte.
void set_internal_upper_half(CharTable& t) {
  for (int c = 0x80; c <= 0x9f; ++c) t[static_cast<std::size_t>(c)] = CharType::Opr;
  for (int c : {0x82, 0x93, 0x94, 0x95}) t[static_cast<std::size_t>(c)] = CharType::One;
  for (int c = 0xa0; c <= 0xfe; ++c) t[static_cast<std::size_t>(c)] = CharType::Atm;
  t[0xff] = CharType::One;
}

}  // namespace

CharTables make_char_tables(std::string_view operator_chars) {
  CharTables tabs;
  tabs.external = base_external();
  tabs.internal = base_external();
  set_internal_upper_half(tabs.internal);
  tabs.no_comment = base_external();
  tabs.no_comment['('] = CharType::Opr;
  tabs.no_comment[')'] = CharType::Opr;
  set_internal_upper_half(tabs.no_comment);

  auto adjust = [&](unsigned char c) {
    for (CharTable* t : {&tabs.internal, &tabs.external, &tabs.no_comment})
      if ((*t)[c] == CharType::Atm) (*t)[c] = CharType::Opr;
  };
  for (unsigned char c : operator_chars) {
    if (c == 0) break;
    adjust(c);
  }
  for (unsigned char c : std::string_view("()<>,;\r\n")) adjust(c);
  return tabs;
}

}  // namespace smcf
