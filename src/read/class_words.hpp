// class_words.hpp -- adding words to classes the way sendmail does
// (setclass): a word that is a class reference ($=X in internal form)
// copies that class instead of being added.
#pragma once
#include <string_view>

namespace smcf {

struct ClassTable;
class Reporter;

// `origin_line` > 0: the word comes from that cf line of kind `via` ('C',
// 'T' or 'F'), recorded for printing the config back.
void set_class(ClassTable& classes, int class_id, std::string_view word, Reporter* rep, int origin_line = 0,
               char via = 'C');
// Splits text at white space and set_class()es every word.
void set_class_words(ClassTable& classes, int class_id, std::string_view text, Reporter* rep, int origin_line = 0,
                     char via = 'C');

}  // namespace smcf
