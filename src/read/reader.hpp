// reader.hpp -- reading a sendmail.cf into the IR (sendmail's readcf()).
//
// The reader reproduces sendmail 8.17's start-up: what sendmail defines
// before the cf (host-name macros, class w, command-line options), every
// cf line type with its diagnostics, and what sendmail adds after the cf.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ir/config.hpp"

namespace smcf {

class Reporter;
class System;

struct CommandLineOption {
  // The option as given on the command line: -O "Name=value" (letter ' ')
  // or -o"Xvalue" (letter 'X', value "value").
  unsigned char letter = ' ';
  std::string value;
};

struct ReadRequest {
  std::string file_name;   // the path as given; appears in messages
  std::string text;        // the file's bytes
  bool test_mode = true;   // sendmail -bt (affects a few warnings)
  bool config_given = true;  // the config was named with -C (else the default path)
  std::vector<CommandLineOption> options;  // -O / -o, in order
  // smcf print --symbolic: macros in R lines are kept as the cf spells them
  // ($j stays $j) instead of being expanded while reading, so configs made
  // on different machines print alike.  Such a Config is for printing only.
  bool symbolic_macros = false;
};

// Reads the cf.  Messages go through rep as they are produced (in
// sendmail's order) and are also kept in the returned Config.
Config read_config(const ReadRequest& req, const System& sys, Reporter& rep);

}  // namespace smcf
