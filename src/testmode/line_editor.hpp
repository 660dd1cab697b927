// line_editor.hpp -- libedit for a test-mode session on a terminal: the
// prompt, emacs key bindings, history kept in a file between sessions, and
// Tab completion with words the session supplies.
//
// Only LineInput (line_input.cpp) makes one, and only when stdin is a
// terminal: a pipe or a file never reaches this code, so its transcript and
// the history file are untouched by it.
#pragma once
#include <histedit.h>

#include <optional>
#include <string>
#include <vector>

#include "testmode/line_input.hpp"

namespace smcf {

class LineEditor {
 public:
  // history_file: loaded now, saved by the destructor (nullopt: none).
  explicit LineEditor(std::optional<std::string> history_file);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  void set_prompt(std::string prompt) { prompt_ = std::move(prompt); }
  void set_completer(Completer c) { completer_ = std::move(c); }
  // One line with its LF (the last line of the input may have none);
  // nullopt at end of input.  Non-blank lines go into the history.
  std::optional<std::string> read_line();

 private:
  static char* prompt_of(EditLine* el);
  static unsigned char complete_key(EditLine* el, int ch);
  static LineEditor* self(EditLine* el);
  unsigned char complete();
  void replace_word(std::size_t length, const std::string& with);
  void list_candidates(const std::vector<std::string>& words);
  void load_history();
  void save_history();

  EditLine* el_ = nullptr;
  History* hist_ = nullptr;
  HistEvent ev_{};
  std::string prompt_;
  Completer completer_;
  std::optional<std::string> history_file_;
};

}  // namespace smcf
