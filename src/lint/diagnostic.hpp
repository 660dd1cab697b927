// diagnostic.hpp -- what `smcf lint` reports: one finding with its check
// id, severity, position in the linted file, optional fix-it and notes,
// and (for configs built with `m4 -s`) the .mc/.m4 line it came from.
//
// Positions are 1-based lines and byte columns of the file as given on the
// command line.  line 0 means "the whole file" (messages sendmail prints
// after the cf, with no line); column 0 is never produced once a finding
// has a line (column 1 stands for "the line as a whole").
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "base/diag.hpp"

namespace smcf::lint {

// Replace bytes [column, end_column) of `line` with `replacement`
// (end_column == column: insert).  Columns are 1-based byte columns.
struct FixIt {
  int line = 0;
  int column = 0;
  int end_column = 0;
  std::string replacement;
  std::string description;  // e.g. "replace the spaces with a TAB"
};

// Where an m4 sync line (`#line N "file"`) says a cf line came from.
struct SourceOrigin {
  std::string file;
  int line = 0;
};

struct Finding {
  std::string file;
  int line = 0;
  int column = 0;
  Severity severity = Severity::Warning;  // Note, Warning or Error (never Fatal)
  std::string check;                      // stable id: a lint check or sendmail's own
  std::string message;
  std::optional<FixIt> fix;
  std::vector<std::string> notes;         // further explanation, one line each
  std::optional<SourceOrigin> origin;
  bool from_sendmail = false;             // sendmail itself reports this while reading
};

// "error", "warning" or "note".
const char* severity_name(Severity s);

}  // namespace smcf::lint
