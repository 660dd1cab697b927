// completion.hpp -- what Tab completes in an interactive -bt session,
// worked out from the words a session supplies (TestSession::complete()).
//
// Kept apart from both libedit (line_editor.cpp) and the session, so that
// the rules below are plain functions a unit test can call.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "testmode/line_input.hpp"

namespace smcf {

struct CompletionWords {
  std::vector<std::string> rulesets;  // names and numbers (case matters)
  std::vector<std::string> commands;  // "/map", ".D", "=S", ... (case of "/" commands does not)
  std::vector<std::string> maps;      // map names, for /map
};

// The candidates for the text left of the cursor (sorted, no duplicates):
//  - the first word: a command when it starts with "/", "." or "=";
//    after "=S" a ruleset name; otherwise the element of a ruleset list
//    ("3,Par") after its last comma;
//  - the second word after "/map": a map name;
//  - anything else: none.
Completion complete_line(const CompletionWords& words, std::string_view before_cursor);

}  // namespace smcf
