// char_types.hpp -- sendmail's token tables: the type of every byte for the
// tokenizer, and the operator adjustment made at the first tokenization.
#pragma once
#include <array>
#include <string_view>

namespace smcf {

enum class CharType : unsigned char { Opr = 0, Atm = 1, Qst = 2, Spc = 3, One = 4 };

using CharTable = std::array<CharType, 256>;

// Which table a caller tokenizes with.
enum class TableKind : unsigned char {
  External,   // ExtTokenTab: addresses from users, map results
  Internal,   // IntTokenTab: cf rules below V9, map defaults
  NoComment,  // TokTypeNoC: cf rules and -bt input from V9 on
};

// The three tables after the operator adjustment.
struct CharTables {
  CharTable external;
  CharTable internal;
  CharTable no_comment;
  const CharTable& get(TableKind k) const {
    return k == TableKind::External ? external : k == TableKind::Internal ? internal : no_comment;
  }
};

// Builds the tables for an (already macro-expanded, at most 40 bytes)
// OperatorChars value: every byte of it and of "()<>,;\r\n" that is an atom
// character becomes an operator.
CharTables make_char_tables(std::string_view operator_chars);

// The default OperatorChars when neither the option nor $o is set.
inline constexpr std::string_view kDefaultOperatorChars = ".:@[]";

}  // namespace smcf
