// session.hpp -- sendmail's address test mode (-bt): one session reads
// commands and prints exactly what sendmail 8.17 prints for them.
//
// The session owns what test mode may change (macros, classes, ruleset name
// bindings, /tryflags) on top of an immutable compiled config.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "address/sender.hpp"
#include "runtime/engine_session.hpp"
#include "testmode/bt_trace.hpp"
#include "testmode/line_input.hpp"

namespace smcf {

class CompiledConfig;
class MapPort;
class Output;
class Reporter;
class System;

class TestSession {
 public:
  TestSession(std::shared_ptr<const CompiledConfig> cc, const System& sys, Output& out, Reporter& rep);
  ~TestSession();

  // sendmail's testmodeline(): one command line (without its LF).
  // Returns false after /quit.
  bool command(std::string_view line);

  // The whole loop: banner, prompts/echo, commands until EOF or /quit.
  // Reads from fd (a terminal gets line editing).  Returns the exit status.
  int run(int fd);

  // What Tab offers for the text left of the cursor (completion.cpp):
  // ruleset names and numbers, commands, map names after /map.
  Completion complete(std::string_view before_cursor) const;

  int verbose() const { return verbose_; }
  void set_verbose(int v) { verbose_ = v; }
  int exit_status() const;
  void set_map_port(MapPort* maps);

 private:
  // A "/" command: its name (without the slash) and what runs it.
  struct SlashCommand {
    std::string_view name;
    bool (*run)(TestSession& s, std::string_view arg);  // false: /quit
  };
  static std::span<const SlashCommand> slash_table();
  // The "." and "=" commands: the letter after the dot or equals sign.
  static constexpr std::string_view kDotCommands = "DC";
  static constexpr std::string_view kEqualsCommands = "SM";
  // Every command word Tab completes ("/map", ".D", "=S", ...).
  static std::vector<std::string> command_words();

  void ruleset_line(std::string_view line);
  void help();
  void help_file_lines(std::string_view text);
  void dot_command(std::string_view line);
  void equals_command(std::string_view line);
  void print_ruleset(int ruleset);
  void dollar_command(std::string_view line);
  bool slash_command(std::string_view line);
  bool required(std::string_view arg, std::string_view usage, void (TestSession::*run)(std::string_view));
  void expand_command(std::string_view arg);
  void tryflags_command(std::string_view arg);
  void mx_command(std::string_view host);
  void canon_command(std::string_view host);
  void map_command(std::string_view arg);
  void sender_command(std::string_view addr);
  void try_command(std::string_view arg);
  void parse_command(std::string_view addr);
  void header_command(std::string_view arg);
  void print(std::string_view s);
  void println(std::string_view s);

  std::shared_ptr<const CompiledConfig> cc_;
  const System& sys_;
  Output& out_;
  Reporter& rep_;
  EngineSession engine_;         // macros, classes and names test mode may change
  BtTraceRenderer trace_;
  int verbose_ = 2;
  static constexpr int kTryHeader = 1;
  static constexpr int kTrySender = 2;
  int tryflags_ = 0;
  int help_version_ = -1;        // "#vers" of the help file, once seen
  EnvelopeState envelope_;       // sender state kept between /sender and /header
};

}  // namespace smcf
