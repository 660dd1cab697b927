// print_command.hpp -- `smcf print FILE`: the IR as a canonical sendmail.cf.
#pragma once
#include <string>

#include "cli/run_test_mode.hpp"

namespace smcf::cli {

struct PrintArgs {
  TestModeArgs common;     // -O / -o options, pinning
  std::string file;        // FILE (cf text or compiled image)
  bool symbolic = false;   // --symbolic: the cf's own spelling of read-time macros
};

// Reads args.file (with the pinning options and -O/-o options of args)
// and prints it back on stdout.  Start-up diagnostics go to stderr.
int print_command(const PrintArgs& args);

}  // namespace smcf::cli
