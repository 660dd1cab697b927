// source_text.hpp -- the linted file as lines: physical lines, sendmail's
// logical (folded) lines, the m4 source map and the suppression comments.
//
// The reader works on logical lines and keeps no raw text; several checks
// need the physical lines (where a continuation starts, which TAB ended a
// field), so the linter splits the file itself, with the folding rules of
// read/cf_lines.hpp: CR LF is LF, a line starting with SPACE or TAB
// continues the logical line before it, and the joining LF is kept.
//
// m4 sync lines (`#line N "file"` / `#line N`, written by `m4 -s`) are
// comments to sendmail, but m4 also writes them between a line and its
// continuation, which would change what sendmail reads.  They are taken
// out before anything else: every other line number here ("cf lines")
// counts the file without them, which is the file m4 writes without -s.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lint/diagnostic.hpp"

namespace smcf::lint {

struct LogicalLine {
  int first = 0;  // first physical cf line (1-based)
  int last = 0;   // last physical cf line (what sendmail's messages name)
};

class SourceText {
 public:
  explicit SourceText(std::string_view file_text);

  // The text sendmail is given: the file without its m4 sync lines.
  const std::string& cf_text() const { return cf_text_; }

  int line_count() const { return static_cast<int>(lines_.size()); }
  // Physical cf line n (1-based), without its LF (and the CR of a CR LF).
  std::string_view line(int n) const;
  // The line of the file as given that cf line n is.
  int file_line(int n) const;
  // The .mc/.m4 line cf line n came from, when the file has m4 sync lines.
  std::optional<SourceOrigin> origin(int n) const;

  bool has_sync_lines() const { return sync_lines_ > 0; }
  // File lines of sync lines that sit between a line and its continuation.
  const std::vector<int>& sync_lines_in_continuations() const { return split_syncs_; }

  const std::vector<LogicalLine>& logical_lines() const { return logical_; }
  // The logical line containing cf line n (nullptr if out of range).
  const LogicalLine* logical_containing(int n) const;
  // The logical line whose last physical line is n (sendmail's line number).
  const LogicalLine* logical_ending_at(int n) const;
  // The logical line's text as sendmail folds it (physical lines joined by LF).
  std::string joined(const LogicalLine& l) const;
  // A byte offset into joined(l) as a (cf line, 1-based column).
  std::pair<int, int> position(const LogicalLine& l, std::size_t offset) const;

  // Whether a `# smcf-lint: ignore=ID[,ID...]` comment right above the
  // logical line containing cf line n names `check`.
  bool suppressed(int n, std::string_view check) const;

 private:
  struct Origin {
    int file_index = -1;  // into origin_files_; -1: none
    int line = 0;
  };
  std::string cf_text_;
  std::vector<std::pair<std::size_t, std::size_t>> lines_;  // [begin, end) in cf_text_
  std::vector<int> file_lines_;
  std::vector<Origin> origins_;
  std::vector<std::string> origin_files_;
  std::vector<LogicalLine> logical_;
  std::vector<int> logical_index_;  // cf line -> index into logical_
  std::vector<int> split_syncs_;
  int sync_lines_ = 0;
};

// Parses an m4 sync line: `#line N` or `#line N "file"`.  Returns N and sets
// *file ("" when absent).
std::optional<int> parse_sync_line(std::string_view line, std::string* file);

// The check ids of a `# smcf-lint: ignore=ID[,ID...]` comment line, or none.
std::vector<std::string> parse_suppression(std::string_view line);

}  // namespace smcf::lint
