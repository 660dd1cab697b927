// commands.cpp -- the test-mode commands other than ruleset lists:
// ? .D .C =S =M $x ${x} $=X and the / commands.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"
#include "names/printable.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "read/class_words.hpp"
#include "read/preprocess.hpp"
#include "names/ruleset_name.hpp"
#if __has_include("testmode/print_mailer.hpp")
#include "testmode/print_mailer.hpp"
#define SMCF_HAVE_PRINT_MAILER 1
#endif
#include "testmode/session.hpp"

namespace smcf {

void TestSession::help() {
  const auto& hf = cc_->ir().options.help_file;
  int err = 0;
  std::optional<std::string> text;
  if (hf) text = sys_.read_file(*hf, &err);
  if (!text) {
    rep_.message("help-missing", "502 5.3.0 Sendmail 8.17.1.9 -- HELP not implemented");
    return;
  }
  help_file_lines(*text);
}

void TestSession::dot_command(std::string_view line) {
  if (line.size() < 2) {
    println("Usage: .[DC]macro value(s)");
    return;
  }
  char which = line[1];
  if (kDotCommands.find(which) == std::string_view::npos) {
    println(fmt::format("Unknown \".\" command {}", line));
    return;
  }
  if (which == 'C' && line.size() == 2) return;
  std::string_view rest = line.substr(2);
  MacroIdResult id = parse_macro_id(rest, engine_.names().macros, &rep_);
  if (id.id == 0) return;
  std::string value = translate_dollars(rest.substr(id.consumed), cc_->ir().config_level, engine_.names().macros, &rep_);
  if (which == 'D') {
    engine_.macros().define(id.id, std::move(value));
    return;
  }
  std::string words = expand(value, engine_.macros(), &rep_, limits::kMaxLine);
  set_class_words(engine_.writable_classes(), id.id, words, &rep_);
}

void TestSession::equals_command(std::string_view line) {
  if (line.size() < 2) {
    println("Usage: =Sruleset or =M");
    return;
  }
  if (kEqualsCommands.find(line[1]) == std::string_view::npos) {
    println(fmt::format("Unknown \"=\" command {}", line));
    return;
  }
  if (line[1] == 'S') {
    std::string_view name = line.substr(2);
    RulesetRef ref = find_ruleset(name, engine_.names().rulesets, &rep_);
    if (ref.number < 0) {
      println(fmt::format("Undefined ruleset {}", name));
      return;
    }
    print_ruleset(ref.number);
    return;
  }
  if (line[1] == 'M') {
#ifdef SMCF_HAVE_PRINT_MAILER
    for (const auto& m : cc_->ir().mailers)
      if (m) println(format_mailer_line(cc_->ir(), *m));
#endif
  }
}

// =S: the rules as this session has them (a $> target whose quotes a run
// stripped is printed without them, call_targets.hpp).
void TestSession::print_ruleset(int ruleset) {
  const auto& rules = cc_->ruleset(ruleset).rules;
  const StrippedCallTargets& stripped = engine_.stripped_calls();
  std::string& b = out_.buffer();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    b.push_back('R');
    for (Sym s : r.lhs) {
      append_printable(b, engine_.symbols().text(s), engine_.names().macros);
      b.push_back(' ');
    }
    b += "\t\t";
    for (std::size_t k = 0; k < r.rhs.size(); ++k) {
      const std::string* now = stripped.find(ruleset, i, k);
      append_printable(b, now ? std::string_view(*now) : engine_.symbols().text(r.rhs[k]), engine_.names().macros);
      b.push_back(' ');
    }
    b.push_back('\n');
  }
}

void TestSession::dollar_command(std::string_view line) {
  if (line.size() >= 2 && line[1] == '=') {
    MacroIdResult id = parse_macro_id(line.substr(2), engine_.names().macros, &rep_);
    if (id.id == 0) return;
    for (std::string_view w : engine_.classes().listing(id.id)) println(w);
    return;
  }
  MacroIdResult id = parse_macro_id(line.substr(1), engine_.names().macros, &rep_);
  if (id.id == 0) return;
  const std::string* v = engine_.macros().macro_value(id.id);
  if (v == nullptr) {
    println("Undefined");
    return;
  }
  std::string s;
  append_printable(s, *v, engine_.names().macros);
  println(s);
}

}  // namespace smcf
