// slash_commands.cpp -- the "/" commands of test mode.
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
  auto is = [&](std::string_view w) { return equals_nocase(word, w); };
  if (is("quit")) return false;
  if (is("mx")) {
    if (arg.empty()) {
      println("Usage: /mx address");
      return true;
    }
    mx_command(arg);
  } else if (is("canon")) {
    if (arg.empty()) {
      println("Usage: /canon address");
      return true;
    }
    if (arg.size() >= 256) {
      println("Name too long");
      return true;
    }
    canon_command(arg);
  } else if (is("map")) {
    if (arg.empty()) {
      println("Usage: /map mapname key");
      return true;
    }
    map_command(arg);
  } else if (is("sender")) {
    sender_command(arg);
  } else if (is("expand")) {
    if (arg.empty()) {
      println("Usage: /expand string");
      return true;
    }
    std::string x = expand(arg, engine_.macros(), &rep_, limits::kMaxLine);
    std::string s;
    append_printable(s, x, engine_.names().macros);
    print(s);
  } else if (is("try")) {
    try_command(arg);
  } else if (is("tryflags")) {
    if (arg.empty()) {
      println("Usage: /tryflags [Hh|Ee][Ss|Rr]");
      return true;
    }
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
  } else if (is("parse")) {
    if (arg.empty()) {
      println("Usage: /parse address");
      return true;
    }
    parse_command(arg);
  } else if (is("header")) {
    header_command(arg);
  } else if (is("gethostbyname")) {
    // Prints nothing unless debugging.
  } else {
    println(fmt::format("Unknown \"/\" command {}", line));
  }
  return true;
}

}  // namespace smcf
