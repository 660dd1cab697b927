// config.hpp -- a whole sendmail.cf as plain data (the IR).
//
// Produced by the reader (read/), printed back by ir/print, compiled by
// engine/compile.  Nothing here has behaviour beyond trivial accessors.
// Macro values are kept in sendmail's internal form: a byte string in which
// \201+id stands for a macro reference (expanded when used) and the other
// bytes listed in base/bytes.hpp for metasymbols; see docs/internals.md.
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diag.hpp"
#include "ir/classes.hpp"
#include "ir/macro_names.hpp"
#include "ir/mailer.hpp"
#include "ir/map_decl.hpp"
#include "ir/options.hpp"
#include "ir/run_names.hpp"
#include "ir/rule.hpp"

namespace smcf {

struct MacroValue {
  std::string value;  // internal form
  SourcePos pos;      // where it was last defined (empty: built in)
};

struct Precedence {
  std::string name;
  int value = 0;
  SourcePos pos;
};

struct HeaderDecl {
  std::string name;
  std::string flags;          // ?flags? mailer flags
  std::string macro_condition;  // ?$x? / ?${name}? (internal form) or ""
  std::string value;          // template, internal form
  SourcePos pos;
};

struct HeaderCheck {
  std::string header;      // header name, or "*" for the default check
  int ruleset = -1;
  bool keep_comments = false;  // $>+Ruleset
  SourcePos pos;
};

struct QueueGroup {
  std::string name;
  std::vector<std::pair<char, std::string>> fields;  // X=value, in order
  SourcePos pos;
};

struct MilterDecl {
  std::string name;
  std::vector<std::pair<char, std::string>> fields;
  SourcePos pos;
};

struct EnvSetting {
  std::string name;
  std::optional<std::string> value;  // nullopt: copy from the environment
  SourcePos pos;
};

// A class loaded from a file, program or map (F line), kept for printing.
struct ClassSource {
  int class_id = 0;
  bool optional = false;
  std::string spec;     // file name, |program, or key@class:spec
  std::string format;   // scanf format ("%s" default)
  bool is_map = false;
  SourcePos pos;
};

struct Config {
  std::string file_name;   // as given (appears in messages)
  int config_level = 0;    // V line
  SourcePos version_pos;   // the (last) V line
  std::string vendor;      // V line vendor code, "" = none

  MacroNames macro_names;
  std::array<std::optional<MacroValue>, 256> macros{};
  ClassTable classes;
  std::vector<ClassSource> class_sources;
  OptionSettings options;
  std::vector<Precedence> precedences;
  std::vector<std::string> trusted_users;  // T lines, in order
  std::array<std::optional<Mailer>, 25> mailers{};  // by slot
  std::vector<HeaderDecl> headers;
  std::vector<HeaderCheck> header_checks;
  std::array<Ruleset, 200> rulesets{};
  RulesetNames ruleset_names;  // as bound by reading (ir/run_names.hpp)
  std::vector<MapDecl> maps;
  std::vector<QueueGroup> queue_groups;
  std::vector<EnvSetting> environment;
  std::vector<MilterDecl> milters;

  // The operator characters frozen at the first tokenization (normally the
  // first R line); empty until then.
  std::optional<std::string> frozen_operator_chars;

  // Everything reported while reading, in order.
  std::vector<Diagnostic> diagnostics;
  int exit_status = 0;     // sendmail's ExitStat after reading
  bool fatal = false;      // reading stopped (fatal option error)
  // Set when the config was decoded from a compiled image, which keeps each
  // rule's tokens only in its engine part: Rule::lhs and Rule::rhs are then
  // empty, and CompiledConfig::ir_with_rule_tokens() restores them.
  bool rule_tokens_elided = false;
};

}  // namespace smcf
