// session.cpp -- the test-mode loop and the ruleset-list command.
#include "testmode/session.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "maps/session.hpp"
#include "names/ruleset_name.hpp"
#include "testmode/line_input.hpp"
#include "token/prescan.hpp"

namespace smcf {

TestSession::TestSession(std::shared_ptr<const CompiledConfig> cc, const System& sys, Output& out, Reporter& rep)
    : cc_(std::move(cc)),
      sys_(sys),
      out_(out),
      rep_(rep),
      engine_(cc_, sys, rep),
      trace_(out_, engine_.names().macros) {
  engine_.set_trace(&trace_);
  // The main envelope's own macros: ${quarantine} (empty, from
  // newenvelope) and test mode's ${addr_type} = "e r".
  engine_.define_long("quarantine", "");
  engine_.define_long("addr_type", "e r");
  verbose_ = cc_->ir().options.verbose;
}

TestSession::~TestSession() = default;

void TestSession::set_map_port(MapPort* maps) { engine_.set_map_port(maps); }

int TestSession::exit_status() const { return rep_.exit_status(); }

void TestSession::print(std::string_view s) { out_.write(s); }
void TestSession::println(std::string_view s) {
  out_.write(s);
  out_.put('\n');
}

int TestSession::run(int fd) {
  LineInput input(fd);
  if (input.interactive()) verbose_ = 2;
  rep_.set_verbose(verbose_);
  // On a terminal the line editor shows the prompt, so that it can draw
  // it again (history, Ctrl-A, a list of completions); a pipe or a file
  // gets it in the transcript, as from sendmail.
  input.set_prompt(verbose_ == 2 ? "> " : "");
  input.set_completer([this](std::string_view before) { return complete(before); });
  println("ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)");
  println("Enter <ruleset> <address>");
  for (;;) {
    if (verbose_ == 2 && !input.editor_prompts()) print("> ");
    if (input.interactive()) out_.flush();
    std::optional<std::string> chunk = input.read_chunk(limits::kMaxLine - 1);
    if (!chunk) {
      command("/quit");
      break;
    }
    std::string line = std::move(*chunk);
    if (auto nl = line.find('\n'); nl != std::string::npos) line.erase(nl);
    // Not on a terminal (verbose is 2 there), so the editor never echoes.
    if (verbose_ < 2) {
      print("> ");
      println(c_str_view(line));
    }
    if (!command(line)) break;
  }
  out_.flush();
  return exit_status();
}

bool TestSession::command(std::string_view raw) {
  std::string_view line = c_str_view(raw);
  while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
  if (line.empty()) return true;
  switch (line[0]) {
    case '#': return true;
    case '?': help(); return true;
    case '.': dot_command(line); return true;
    case '=': equals_command(line); return true;
    case '-':
      if (line.size() < 2) println("Usage: -d{debug arguments}");
      else if (line[1] != 'd') println(fmt::format("Unknown \"-\" command {}", line));
      // -d flags are accepted; smcf has no debug output to switch on.
      return true;
    case '$': dollar_command(line); return true;
    case '/': return slash_command(line);
    default: ruleset_line(line); return true;
  }
}

// "LIST ADDRESS[,ADDRESS...]": rewrite each address with each ruleset.
void TestSession::ruleset_line(std::string_view line) {
  std::size_t p = 0;
  while (p < line.size() && is_space(static_cast<unsigned char>(line[p]))) ++p;
  std::size_t q = p;
  while (p < line.size() && !is_space(static_cast<unsigned char>(line[p]))) ++p;
  if (p >= line.size()) {
    println("No address!");
    return;
  }
  std::string_view list = line.substr(q, p - q);
  std::string text(line.substr(p + 1));

  // invalidaddr(): 8-bit bytes and overlong addresses are refused.
  bool bad = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0340) == 0200) {
      rep_.set_status(exitstat::kUsage);
      bad = true;
      text[i] = '?';
    }
    if (i + 1 > limits::kMaxName - 1) {
      rep_.usrerr("address-too-long", fmt::format("553 5.1.0 Address \"{}\" too long ({} bytes max)",
                                                  std::string_view(text).substr(0, i), limits::kMaxName - 1));
      return;
    }
  }
  if (bad) {
    rep_.usrerr("address-8bit", fmt::format("501 5.1.3 8-bit character in mailbox address \"{}\"", text));
    return;
  }

  const CharTable& table = engine_.address_table();
  std::size_t start = 0;
  Workspace ws;
  do {
    std::string_view addr = std::string_view(text).substr(start);
    PrescanResult pr = engine_.tokenize(addr, ',', limits::kPrescanBuf, table, false, ws);
    std::size_t delim = start + pr.delim_pos;
    if (pr.ok) {
      std::string_view rest = list;
      while (!rest.empty()) {
        int number = engine_.ruleset_number(rest, &rep_);
        if (number < 0) {
          println(fmt::format("Undefined ruleset {}", rest));
          break;
        }
        int status = engine_.rewrite(ws, number);
        if (status != 0) println(fmt::format("== Ruleset {} ({}) status {}", rest, number, status));
        auto comma = rest.find(',');
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    }
    if (delim >= text.size() || text[delim] == '\0') break;
    start = delim + 1;
  } while (true);
  ws.clear();
  engine_.release_tokens();
}

}  // namespace smcf
