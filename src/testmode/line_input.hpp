// line_input.hpp -- where test mode reads its commands from.
//
// A terminal gets line editing and history (libedit); anything else is read
// in large blocks and cut into the pieces sendmail's fgets() would return:
// up to the next LF, at most `max` bytes at a time.
#pragma once
#include <memory>
#include <optional>
#include <string>

namespace smcf {

class LineInput {
 public:
  explicit LineInput(int fd);
  ~LineInput();
  LineInput(const LineInput&) = delete;
  LineInput& operator=(const LineInput&) = delete;

  bool interactive() const { return interactive_; }
  // The next piece (with its LF if it has one); nullopt at end of input.
  std::optional<std::string> read_chunk(std::size_t max);

 private:
  bool fill();
  int fd_;
  bool interactive_ = false;
  bool eof_ = false;
  std::string buf_;
  std::size_t pos_ = 0;
  struct Editor;
  std::unique_ptr<Editor> editor_;
};

}  // namespace smcf
