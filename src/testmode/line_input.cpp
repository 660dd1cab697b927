// line_input.cpp -- block reads for pipes and files, libedit for terminals.
#include "testmode/line_input.hpp"

#include <histedit.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace smcf {

// libedit state for interactive sessions.  The prompt itself is printed by
// the session (so that the transcript is the same as sendmail's); the
// editor shows none.
struct LineInput::Editor {
  EditLine* el = nullptr;
  History* hist = nullptr;
  HistEvent ev{};

  static const char* no_prompt(EditLine*) { return ""; }

  Editor() {
    el = el_init("smcf", stdin, stdout, stderr);
    hist = history_init();
    if (hist) {
      history(hist, &ev, H_SETSIZE, 1000);
      el_set(el, EL_HIST, history, hist);
    }
    el_set(el, EL_PROMPT, &Editor::no_prompt);
    el_set(el, EL_EDITOR, "emacs");
  }
  ~Editor() {
    if (hist) history_end(hist);
    if (el) el_end(el);
  }
};

LineInput::LineInput(int fd) : fd_(fd) {
  interactive_ = ::isatty(fd) == 1;
  if (interactive_ && fd == 0) editor_ = std::make_unique<Editor>();
}

LineInput::~LineInput() = default;

bool LineInput::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  if (editor_) {
    int count = 0;
    const char* line = el_gets(editor_->el, &count);
    if (line == nullptr || count <= 0) {
      eof_ = true;
      return false;
    }
    std::string s(line, static_cast<std::size_t>(count));
    if (editor_->hist && s.find_first_not_of(" \t\n") != std::string::npos)
      history(editor_->hist, &editor_->ev, H_ENTER, s.c_str());
    buf_ += s;
    return true;
  }
  char tmp[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd_, tmp, sizeof tmp);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
}

std::optional<std::string> LineInput::read_chunk(std::size_t max) {
  for (;;) {
    std::size_t avail = buf_.size() - pos_;
    std::size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos && nl - pos_ + 1 <= max) {
      std::string out = buf_.substr(pos_, nl - pos_ + 1);
      pos_ = nl + 1;
      return out;
    }
    if (avail >= max) {
      std::string out = buf_.substr(pos_, max);
      pos_ += max;
      return out;
    }
    if (!fill()) {
      if (buf_.size() > pos_) {
        std::string out = buf_.substr(pos_);
        pos_ = buf_.size();
        return out;
      }
      return std::nullopt;
    }
  }
}

}  // namespace smcf
