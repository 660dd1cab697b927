// classes.hpp -- sendmail's word classes as plain data.
//
// sendmail keeps every class word in one symbol table: a word is entered
// once (with the spelling of its first insertion, compared without case)
// and carries a bit per class.  Test mode lists a class ($=X) in that
// table's hash order, and within one hash bucket in order of first
// insertion, so both the hash and the insertion sequence are kept here.
#pragma once
#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/string_hash.hpp"

namespace smcf {

struct ClassWord {
  std::string word;        // spelling of the first insertion
  int bucket = 0;          // sendmail's symbol-table hash (type ST_CLASS)
  std::bitset<256> classes;
};

// One addition of a word to a class by a cf line (C, T or F), kept so the
// config can be printed back in the order sendmail inserted the words.
struct ClassOrigin {
  std::size_t word = 0;  // index into ClassTable::words
  int class_id = 0;
  int line = 0;          // the cf line that added it
  char via = 'C';        // 'C', 'T' or 'F'
};

struct ClassTable {
  std::vector<ClassWord> words;                       // in insertion order
  std::unordered_map<std::string, std::size_t, StringHash, StringEqual> index;  // lower-cased word -> words[]
  std::array<std::size_t, 256> longest{};             // longest member of each class (bytes)
  std::vector<ClassOrigin> origins;                   // cf additions, in order
  // A fresh stamp at every change (base/generation.hpp), for caches of
  // membership; not part of the content (a compiled image does not carry it).
  std::uint64_t generation = 0;

  // Adds word to class id (the word itself; see read/class_words.hpp for
  // sendmail's setclass(), which also understands $=X words).
  void add(int class_id, std::string_view word);
  // The same, recording that cf line `line` (of kind via) added it.
  void add_from_cf(int class_id, std::string_view word, int line, char via);
  // Adds every member of class `from` to class `to`.
  void copy_class(int from, int to);
  // wordinclass(): membership, ASCII case-insensitive.
  bool contains(int class_id, std::string_view word) const;
  // The same for a word already in lower case.
  bool contains_lower(int class_id, std::string_view lower_word) const {
    auto it = index.find(lower_word);
    return it != index.end() && words[it->second].classes.test(static_cast<std::size_t>(class_id & 0377));
  }
  // The members of a class in test mode's $=X order.
  std::vector<std::string_view> listing(int class_id) const;
  bool class_empty(int class_id) const;
};

// The symbol-table hash sendmail uses for a class word.
int class_bucket(std::string_view word);

}  // namespace smcf
