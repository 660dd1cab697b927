// line_input.hpp -- where test mode reads its commands from.
//
// A terminal gets line editing, persistent history and Tab completion
// (libedit); anything else is read in large blocks and cut into the pieces
// sendmail's fgets() would return: up to the next LF, at most `max` bytes
// at a time.  Nothing here knows the config: what Tab completes comes from
// the session through a Completer.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {

// What Tab offers for the text left of the cursor: the word being typed
// starts at `word_start`, and each candidate would replace it.
struct Completion {
  std::size_t word_start = 0;
  std::vector<std::string> candidates;
  bool space_after = true;  // a unique candidate is followed by a blank
};
using Completer = std::function<Completion(std::string_view before_cursor)>;

class LineEditor;

class LineInput {
 public:
  explicit LineInput(int fd);
  ~LineInput();
  LineInput(const LineInput&) = delete;
  LineInput& operator=(const LineInput&) = delete;

  bool interactive() const { return interactive_; }
  // True when the next read_chunk() asks the line editor for a new line:
  // the editor shows the prompt then (so that it can redraw it), and the
  // caller must not print one itself.
  bool editor_prompts() const { return editor_ != nullptr && !eof_ && pos_ >= buf_.size(); }
  // The prompt the editor shows (nothing without an editor).
  void set_prompt(std::string prompt);
  // What Tab completes with (nothing without an editor).
  void set_completer(Completer c);
  // The next piece (with its LF if it has one); nullopt at end of input.
  std::optional<std::string> read_chunk(std::size_t max);

 private:
  bool fill();
  int fd_;
  bool interactive_ = false;
  bool eof_ = false;
  std::string buf_;
  std::size_t pos_ = 0;
  std::unique_ptr<LineEditor> editor_;
};

// Where a terminal session keeps its history: $SMCF_HISTFILE if it is set
// (empty: no history file), else $HOME/.smcf_history (no $HOME: none).
std::optional<std::string> history_file_path();

// The longest prefix every candidate shares.
std::string common_prefix(const std::vector<std::string>& words);

}  // namespace smcf
