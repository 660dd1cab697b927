// context.hpp -- the state of one cf read, shared by the line handlers.
//
// sendmail keeps this state in globals (ConfigLevel, the macro table, the
// current ruleset, ...).  smcf keeps it here, so that reading is a pure
// function of (text, options, system) and several configs can be read in
// one process.  Each line type has its own handler (reader.cpp dispatches):
//   V D C T P E S  reader.cpp     R  rule_line.cpp     F  class_file.cpp
//   O  options.cpp  M Q X  mailer_line.cpp   H  header_line.cpp   K  map_line.cpp
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "base/diag.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "token/char_types.hpp"

namespace smcf {

struct ReadContext {
  ReadContext(Config& c, Reporter& r, const System& s) : cf(c), rep(r), sys(s) {}

  Config& cf;
  Reporter& rep;
  const System& sys;

  int current_ruleset = -1;     // -1: no valid S line yet (R lines are refused)
  bool test_mode = true;        // -bt: "multiple definitions" warnings are shown
  bool config_given = true;     // -C named the config (sendmail's warn_C_flag for non-root)
  bool symbolic_macros = false; // keep $x in R lines as written (smcf print --symbolic)
  // Operator tables, built at the first R line (sendmail's "firsttime").
  std::optional<CharTables> tables;
  // Command-line options that cf lines may not override (long names).
  std::vector<std::string> sticky_options;
  // The mailer reader's state (slot numbering, and the model of sendmail's
  // static munchstring() buffer that a U= quirk reads past; ir/mailer.hpp).
  MailerReadState mailer_state;

  SourcePos pos(int column = 0) const {
    return SourcePos{cf.file_name, rep.line(), column};
  }
  const std::string* macro(int id) const {
    const auto& m = cf.macros[static_cast<std::size_t>(id & 0377)];
    return m ? &m->value : nullptr;
  }
  void define_macro(int id, std::string value) {
    cf.macros[static_cast<std::size_t>(id & 0377)] = MacroValue{std::move(value), pos()};
  }
  // The token tables, freezing OperatorChars on first use.
  const CharTables& char_tables();
};

}  // namespace smcf
