// slash_commands.cpp -- the "/" commands of test mode.
//
// One table names them all: slash_command() dispatches through it and Tab
// completion (completion.cpp) lists it, so the two cannot disagree.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"
#include "names/printable.hpp"
#include "engine/compiled.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "testmode/session.hpp"

namespace smcf {

std::span<const TestSession::SlashCommand> TestSession::slash_table() {
  // Each handler gets the argument (after the blanks that follow the
  // command word) and returns false only for /quit.
  static const SlashCommand kTable[] = {
      {"quit", [](TestSession&, std::string_view) { return false; }},
      {"mx", [](TestSession& s, std::string_view arg) { return s.required(arg, "/mx address", &TestSession::mx_command); }},
      {"canon",
       [](TestSession& s, std::string_view arg) {
         if (arg.size() >= 256) {
           s.println("Name too long");
           return true;
         }
         return s.required(arg, "/canon address", &TestSession::canon_command);
       }},
      {"map", [](TestSession& s, std::string_view arg) { return s.required(arg, "/map mapname key", &TestSession::map_command); }},
      {"sender", [](TestSession& s, std::string_view arg) { s.sender_command(arg); return true; }},
      {"expand", [](TestSession& s, std::string_view arg) { return s.required(arg, "/expand string", &TestSession::expand_command); }},
      {"try", [](TestSession& s, std::string_view arg) { s.try_command(arg); return true; }},
      {"tryflags",
       [](TestSession& s, std::string_view arg) {
         return s.required(arg, "/tryflags [Hh|Ee][Ss|Rr]", &TestSession::tryflags_command);
       }},
      {"parse", [](TestSession& s, std::string_view arg) { return s.required(arg, "/parse address", &TestSession::parse_command); }},
      {"header", [](TestSession& s, std::string_view arg) { s.header_command(arg); return true; }},
      // Prints nothing unless debugging.
      {"gethostbyname", [](TestSession&, std::string_view) { return true; }},
  };
  return kTable;
}

// A command that needs an argument: its usage line without one.
bool TestSession::required(std::string_view arg, std::string_view usage, void (TestSession::*run)(std::string_view)) {
  if (arg.empty()) println(fmt::format("Usage: {}", usage));
  else (this->*run)(arg);
  return true;
}

bool TestSession::slash_command(std::string_view line) {
  // Trailing white space goes; the command word ends at the first blank,
  // its argument starts after the blanks that follow.
  while (!line.empty() && is_space(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
  std::string_view cmd = line;
  std::string_view arg;
  if (auto b = line.find_first_of(" \t"); b != std::string_view::npos) {
    cmd = line.substr(0, b);
    std::size_t a = b;
    while (a < line.size() && is_space(static_cast<unsigned char>(line[a]))) ++a;
    arg = line.substr(a);
  }
  std::string_view word = cmd.substr(1);
  if (word.empty()) {
    println("Usage: /[canon|map|mx|parse|try|tryflags]");
    return true;
  }
  for (const SlashCommand& c : slash_table())
    if (equals_nocase(word, c.name)) return c.run(*this, arg);
  println(fmt::format("Unknown \"/\" command {}", line));
  return true;
}

void TestSession::expand_command(std::string_view arg) {
  std::string x = expand(arg, engine_.macros(), &rep_, limits::kMaxLine);
  std::string s;
  append_printable(s, x, engine_.names().macros);
  print(s);
}

void TestSession::tryflags_command(std::string_view arg) {
  for (char c : arg) {
    switch (c) {
      case 'H': case 'h': tryflags_ |= kTryHeader; break;
      case 'E': case 'e': tryflags_ &= ~kTryHeader; break;
      case 'S': case 's': tryflags_ |= kTrySender; break;
      case 'R': case 'r': tryflags_ &= ~kTrySender; break;
      default: break;
    }
  }
  std::string v;
  v.push_back((tryflags_ & kTryHeader) ? 'h' : 'e');
  v.push_back(' ');
  v.push_back((tryflags_ & kTrySender) ? 's' : 'r');
  engine_.macros().define(macro_id_of("addr_type", engine_.names().macros, &rep_), v);
}

}  // namespace smcf
