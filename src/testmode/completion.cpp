// completion.cpp -- Tab completion for test mode: the rules
// (complete_line) and the session's words for them.
#include "testmode/completion.hpp"

#include <algorithm>
#include <string>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "testmode/session.hpp"

namespace smcf {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

bool starts_with(std::string_view word, std::string_view prefix, bool any_case) {
  if (word.size() < prefix.size()) return false;
  return any_case ? equals_nocase(word.substr(0, prefix.size()), prefix) : word.substr(0, prefix.size()) == prefix;
}

std::vector<std::string> matching(const std::vector<std::string>& words, std::string_view prefix, bool any_case) {
  std::vector<std::string> out;
  for (const auto& w : words)
    if (starts_with(w, prefix, any_case)) out.push_back(w);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The first word of the line, being typed: a command or a ruleset list.
Completion first_word(const CompletionWords& words, std::string_view text, std::size_t start) {
  std::string_view word = text.substr(start);
  if (word.size() >= 2 && word.substr(0, 2) == "=S") {
    // =Sname takes the name right after the S, and a blank would be part
    // of the name.
    return {start + 2, matching(words.rulesets, word.substr(2), false), false};
  }
  if (!word.empty() && (word[0] == '/' || word[0] == '.' || word[0] == '=')) {
    Completion c{start, matching(words.commands, word, word[0] == '/'), true};
    // ".D" and "=S" take their argument without a blank.
    if (word[0] != '/') c.space_after = false;
    return c;
  }
  std::size_t comma = word.rfind(',');
  std::size_t at = comma == std::string_view::npos ? 0 : comma + 1;
  return {start + at, matching(words.rulesets, word.substr(at), false), true};
}

}  // namespace

Completion complete_line(const CompletionWords& words, std::string_view text) {
  // The session skips leading blanks too.
  std::size_t start = 0;
  while (start < text.size() && text[start] == ' ') ++start;
  std::size_t end = start;
  while (end < text.size() && !blank(text[end])) ++end;
  if (end == text.size()) return first_word(words, text, start);

  std::string_view command = text.substr(start, end - start);
  std::size_t arg = end;
  while (arg < text.size() && blank(text[arg])) ++arg;
  std::string_view rest = text.substr(arg);
  bool one_word = std::none_of(rest.begin(), rest.end(), blank);
  if (one_word && equals_nocase(command, "/map")) return {arg, matching(words.maps, rest, false), true};
  return {text.size(), {}, false};
}

std::vector<std::string> TestSession::command_words() {
  std::vector<std::string> out;
  for (const SlashCommand& c : slash_table()) out.push_back("/" + std::string(c.name));
  for (char c : kDotCommands) out.push_back(std::string(".") + c);
  for (char c : kEqualsCommands) out.push_back(std::string("=") + c);
  return out;
}

// Recomputed at each Tab: a name bound by the session since (an undefined
// ruleset looked up) is offered as soon as it exists.
Completion TestSession::complete(std::string_view before_cursor) const {
  CompletionWords w;
  w.commands = command_words();
  for (const auto& [name, number] : engine_.names().rulesets.by_name)
    if (number >= 0) w.rulesets.push_back(name);
  // Numbers only where they can be written (0..99): a named ruleset's
  // automatic number (199 down) is not what anyone types.
  const auto& rulesets = cc_->ir().rulesets;
  for (int n = 0; n < limits::kMaxNumberedRuleset; ++n)
    if (rulesets[static_cast<std::size_t>(n)].defined) w.rulesets.push_back(std::to_string(n));
  for (const auto& m : cc_->ir().maps) w.maps.push_back(m.name);
  return complete_line(w, before_cursor);
}

}  // namespace smcf
