// class_words.cpp -- setclass() and word splitting for C, T, F and .C.
#include "read/class_words.hpp"

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "ir/classes.hpp"

namespace smcf {

void set_class(ClassTable& classes, int class_id, std::string_view word, Reporter* rep, int origin_line, char via) {
  word = c_str_view(word);
  if (!word.empty() && static_cast<unsigned char>(word[0]) == metabyte::kMatchClass) {
    // The byte after $= is already a class id (the reader translated the
    // name); only its absence is an error.
    if (word.size() < 2) {
      if (rep) rep->syserr("macro-name-required", "Name required for macro/class");
      return;
    }
    // Copying a class records each copied member, so that printing the
    // config back reproduces the copy.
    int from = static_cast<unsigned char>(word[1]);
    if (origin_line > 0) {
      for (std::size_t i = 0; i < classes.words.size(); ++i)
        if (classes.words[i].classes.test(static_cast<std::size_t>(from)))
          classes.origins.push_back(ClassOrigin{i, class_id & 0377, origin_line, via});
    }
    classes.copy_class(from, class_id);
    return;
  }
  if (origin_line > 0)
    classes.add_from_cf(class_id, word, origin_line, via);
  else
    classes.add(class_id, word);
}

void set_class_words(ClassTable& classes, int class_id, std::string_view text, Reporter* rep, int origin_line,
                     char via) {
  text = c_str_view(text);
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t s = i;
    while (i < text.size() && !is_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i > s) set_class(classes, class_id, text.substr(s, i - s), rep, origin_line, via);
  }
}

}  // namespace smcf
