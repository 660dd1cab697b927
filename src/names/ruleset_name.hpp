// ruleset_name.hpp -- sendmail's strtorwset(): a ruleset reference (number
// or name) to a ruleset number, creating and binding names on definition.
//
// Used by S lines, mailer S=/R= fields, header checks, $> calls and every
// test-mode command that names a ruleset, with sendmail's messages.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace smcf {

struct Config;
struct RulesetNames;
class Reporter;

enum class RulesetLookup { Find, Enter };

struct RulesetRef {
  int number = -1;          // -1: invalid (message already reported, if any)
  std::size_t end = 0;      // bytes used (sendmail's endp), for S=/R= parsing
};

// While reading: Enter creates and binds names and records display names.
RulesetRef parse_ruleset(std::string_view text, RulesetLookup mode, Config& cf, Reporter* rep);
// At run time: a lookup in a session's own names (it may bind a name that
// was entered but never defined; it never defines a ruleset).
RulesetRef find_ruleset(std::string_view text, RulesetNames& names, Reporter* rep);

// The display name of a ruleset: its bound name or its number.
std::string ruleset_display_name(const Config& cf, int number);

}  // namespace smcf
