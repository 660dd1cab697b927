// classes.cpp -- class membership and sendmail's listing order.
#include "ir/classes.hpp"

#include <algorithm>

#include "base/bytes.hpp"
#include "base/generation.hpp"
#include "base/limits.hpp"

namespace smcf {

int class_bucket(std::string_view word) {
  int h = 1;  // the hash starts with the entry type, ST_CLASS == 1
  for (unsigned char c : word) {
    if (c == 0) break;
    h = ((h << 1) ^ to_lower(c)) % limits::kStabSize;
  }
  return h;
}

void ClassTable::add(int class_id, std::string_view word) {
  generation = next_generation();
  word = c_str_view(word);
  auto [it, inserted] = index.try_emplace(lower_ascii(word), words.size());
  if (inserted) {
    ClassWord w;
    w.word = std::string(word);
    w.bucket = class_bucket(word);
    words.push_back(std::move(w));
  }
  words[it->second].classes.set(static_cast<std::size_t>(class_id & 0377));
  std::size_t& longest_word = longest[static_cast<std::size_t>(class_id & 0377)];
  longest_word = std::max(longest_word, words[it->second].word.size());
}

void ClassTable::add_from_cf(int class_id, std::string_view word, int line, char via) {
  add(class_id, word);
  origins.push_back(ClassOrigin{index.find(lower_ascii(c_str_view(word)))->second, class_id & 0377, line, via});
}

void ClassTable::copy_class(int from, int to) {
  generation = next_generation();
  for (auto& w : words)
    if (w.classes.test(static_cast<std::size_t>(from & 0377))) w.classes.set(static_cast<std::size_t>(to & 0377));
  std::size_t& longest_word = longest[static_cast<std::size_t>(to & 0377)];
  longest_word = std::max(longest_word, longest[static_cast<std::size_t>(from & 0377)]);
}

bool ClassTable::contains(int class_id, std::string_view word) const {
  word = c_str_view(word);
  char buf[256];
  if (word.size() <= sizeof buf) {
    for (std::size_t i = 0; i < word.size(); ++i) buf[i] = static_cast<char>(to_lower(static_cast<unsigned char>(word[i])));
    return contains_lower(class_id, std::string_view(buf, word.size()));
  }
  auto it = index.find(lower_ascii(word));
  return it != index.end() && words[it->second].classes.test(static_cast<std::size_t>(class_id & 0377));
}

std::vector<std::string_view> ClassTable::listing(int class_id) const {
  std::vector<const ClassWord*> members;
  for (const auto& w : words)
    if (w.classes.test(static_cast<std::size_t>(class_id & 0377))) members.push_back(&w);
  std::stable_sort(members.begin(), members.end(),
                   [](const ClassWord* a, const ClassWord* b) { return a->bucket < b->bucket; });
  std::vector<std::string_view> out;
  out.reserve(members.size());
  for (auto* w : members) out.push_back(w->word);
  return out;
}

bool ClassTable::class_empty(int class_id) const {
  for (const auto& w : words)
    if (w.classes.test(static_cast<std::size_t>(class_id & 0377))) return false;
  return true;
}

}  // namespace smcf
