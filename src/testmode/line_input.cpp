// line_input.cpp -- block reads for pipes and files, the line editor
// (line_editor.cpp) for terminals.
#include "testmode/line_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "testmode/line_editor.hpp"

namespace smcf {

LineInput::LineInput(int fd) : fd_(fd) {
  interactive_ = ::isatty(fd) == 1;
  // libedit reads stdin; another descriptor is read as a pipe would be.
  if (interactive_ && fd == 0) editor_ = std::make_unique<LineEditor>(history_file_path());
}

LineInput::~LineInput() = default;

void LineInput::set_prompt(std::string prompt) {
  if (editor_) editor_->set_prompt(std::move(prompt));
}

void LineInput::set_completer(Completer c) {
  if (editor_) editor_->set_completer(std::move(c));
}

std::optional<std::string> history_file_path() {
  if (const char* f = std::getenv("SMCF_HISTFILE")) {
    if (*f == '\0') return std::nullopt;
    return std::string(f);
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return std::nullopt;
  return std::string(home) + "/.smcf_history";
}

std::string common_prefix(const std::vector<std::string>& words) {
  if (words.empty()) return {};
  std::string prefix = words[0];
  for (const auto& w : words) {
    std::size_t n = 0;
    while (n < prefix.size() && n < w.size() && prefix[n] == w[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

bool LineInput::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  if (editor_) {
    std::optional<std::string> line = editor_->read_line();
    if (!line) {
      eof_ = true;
      return false;
    }
    buf_ += *line;
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
