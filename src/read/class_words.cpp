// class_words.cpp -- setclass() and word splitting for C, T, F and .C.
#include "read/class_words.hpp"

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "ir/classes.hpp"

namespace smcf {

void set_class(ClassTable& classes, int class_id, std::string_view word, Reporter* rep) {
  word = c_str_view(word);
  if (!word.empty() && static_cast<unsigned char>(word[0]) == metabyte::kMatchClass) {
    // The byte after $= is already a class id (the reader translated the
    // name); only its absence is an error.
    if (word.size() < 2) {
      if (rep) rep->syserr("macro-name-required", "Name required for macro/class");
      return;
    }
    classes.copy_class(static_cast<unsigned char>(word[1]), class_id);
    return;
  }
  classes.add(class_id, word);
}

void set_class_words(ClassTable& classes, int class_id, std::string_view text, Reporter* rep) {
  text = c_str_view(text);
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t s = i;
    while (i < text.size() && !is_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i > s) set_class(classes, class_id, text.substr(s, i - s), rep);
  }
}

}  // namespace smcf
