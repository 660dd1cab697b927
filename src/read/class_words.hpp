// class_words.hpp -- adding words to classes the way sendmail does
// (setclass): a word that is a class reference ($=X in internal form)
// copies that class instead of being added.
#pragma once
#include <string_view>

namespace smcf {

class ClassTable;
class Reporter;

void set_class(ClassTable& classes, int class_id, std::string_view word, Reporter* rep);
// Splits text at white space and set_class()es every word.
void set_class_words(ClassTable& classes, int class_id, std::string_view text, Reporter* rep);

}  // namespace smcf
