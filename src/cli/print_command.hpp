// print_command.hpp -- `smcf print FILE`: the IR as a canonical sendmail.cf.
#pragma once
#include "cli/run_test_mode.hpp"

namespace smcf::cli {

// Reads args.config (with the pinning options and -O/-o options of args)
// and prints it back on stdout.  Start-up diagnostics go to stderr.
int print_command(const TestModeArgs& args);

}  // namespace smcf::cli
