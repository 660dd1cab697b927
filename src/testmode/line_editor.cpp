// line_editor.cpp -- the libedit side of an interactive -bt session.
#include "testmode/line_editor.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/limits.hpp"

namespace smcf {

LineEditor::LineEditor(std::optional<std::string> history_file) : history_file_(std::move(history_file)) {
  el_ = el_init("smcf", stdin, stdout, stderr);
  hist_ = history_init();
  if (hist_) {
    history(hist_, &ev_, H_SETSIZE, static_cast<int>(limits::kHistoryEntries));
    history(hist_, &ev_, H_SETUNIQUE, 1);  // no run of one repeated line
    el_set(el_, EL_HIST, history, hist_);
    load_history();
  }
  el_set(el_, EL_CLIENTDATA, static_cast<void*>(this));
  // The prompt is libedit's, not printed beforehand, so that a redraw
  // (history recall, Ctrl-A, a listing of completions) keeps it.
  el_set(el_, EL_PROMPT, &LineEditor::prompt_of);
  el_set(el_, EL_EDITOR, "emacs");
  el_set(el_, EL_SIGNAL, 1);  // the terminal is restored on ^C, redrawn on resize
  // The wide call with static strings: the narrow el_set(EL_ADDFN) copies
  // name and help with wcsdup() and never frees them (a leak LeakSanitizer
  // reports at every exit).
  el_wset(el_, EL_ADDFN, L"smcf-complete", L"complete a ruleset, command or map name", &LineEditor::complete_key);
  el_set(el_, EL_BIND, "^I", "smcf-complete", nullptr);
}

LineEditor::~LineEditor() {
  if (hist_) {
    save_history();
    history_end(hist_);
  }
  if (el_) el_end(el_);
}

LineEditor* LineEditor::self(EditLine* el) {
  void* p = nullptr;
  el_get(el, EL_CLIENTDATA, &p);
  return static_cast<LineEditor*>(p);
}

char* LineEditor::prompt_of(EditLine* el) { return self(el)->prompt_.data(); }

unsigned char LineEditor::complete_key(EditLine* el, int) { return self(el)->complete(); }

std::optional<std::string> LineEditor::read_line() {
  int count = 0;
  const char* line = el_gets(el_, &count);
  if (line == nullptr || count <= 0) {
    // End of input (^D) leaves the cursor after the prompt; whatever runs
    // next in this terminal starts on a line of its own.
    std::fputc('\n', stdout);
    std::fflush(stdout);
    return std::nullopt;
  }
  std::string s(line, static_cast<std::size_t>(count));
  // History keeps the line without its LF (libedit shows it as typed).
  std::string entry = s.substr(0, s.find('\n'));
  if (hist_ && entry.find_first_not_of(" \t") != std::string::npos) history(hist_, &ev_, H_ENTER, entry.c_str());
  return s;
}

// Tab: a unique candidate replaces the word (and a blank follows); several
// extend it to their common prefix, or, when that adds nothing, are listed
// below the line, which is then drawn again.
unsigned char LineEditor::complete() {
  if (!completer_) return CC_ERROR;
  const LineInfo* li = el_line(el_);
  std::string before(li->buffer, static_cast<std::size_t>(li->cursor - li->buffer));
  Completion c = completer_(before);
  if (c.candidates.empty() || c.word_start > before.size()) return CC_ERROR;
  std::size_t typed = before.size() - c.word_start;
  if (c.candidates.size() == 1) {
    replace_word(typed, c.candidates[0] + (c.space_after ? " " : ""));
    return CC_REFRESH;
  }
  std::string prefix = common_prefix(c.candidates);
  if (prefix.size() > typed) {
    replace_word(typed, prefix);
    return CC_REFRESH;
  }
  list_candidates(c.candidates);
  return CC_REDISPLAY;
}

// The typed word goes, as a candidate may spell it in another case.
void LineEditor::replace_word(std::size_t length, const std::string& with) {
  if (length > 0) el_deletestr(el_, static_cast<int>(length));
  el_insertstr(el_, with.c_str());
}

// In columns, down then across, as a shell lists its completions.
void LineEditor::list_candidates(const std::vector<std::string>& words) {
  std::size_t width = 80;
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width = ws.ws_col;
  std::size_t longest = 0;
  for (const auto& w : words) longest = std::max(longest, w.size());
  std::size_t colw = longest + 2;
  std::size_t cols = std::max<std::size_t>(1, width / colw);
  std::size_t rows = (words.size() + cols - 1) / cols;
  std::fputc('\n', stdout);
  for (std::size_t r = 0; r < rows; ++r) {
    std::string line;
    for (std::size_t col = 0; col < cols; ++col) {
      std::size_t i = col * rows + r;
      if (i >= words.size()) break;
      line += words[i];
      if ((col + 1) * rows + r < words.size()) line.append(colw - words[i].size(), ' ');
    }
    std::fputs((line + "\n").c_str(), stdout);
  }
  std::fflush(stdout);
}

void LineEditor::load_history() {
  if (!history_file_) return;
  // A missing file is the first session; anything else unreadable is
  // ignored too (the session works without history).
  history(hist_, &ev_, H_LOAD, history_file_->c_str());
}

// Written private (0600): a history can hold addresses worth keeping to
// oneself.
void LineEditor::save_history() {
  if (!history_file_) return;
  int fd = ::open(history_file_->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FILE* fp = fd >= 0 ? ::fdopen(fd, "w") : nullptr;
  if (fp == nullptr) {
    int err = errno;
    if (fd >= 0) ::close(fd);
    std::fprintf(stderr, "smcf: cannot save history in %s: %s\n", history_file_->c_str(), std::strerror(err));
    return;
  }
  history(hist_, &ev_, H_SAVE_FP, fp);
  std::fclose(fp);
}

}  // namespace smcf
