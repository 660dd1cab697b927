// verify_command.hpp -- `smcf -bv`: verify recipients the way
// `sendmail -bv` does (read the config outside test mode, the start-up
// checks, set the sender, process the recipient list, report).
#pragma once
#include "cli/run_test_mode.hpp"

namespace smcf::cli {

// Runs -bv for args.addresses; returns sendmail's exit status.
int verify_command(const TestModeArgs& args);

}  // namespace smcf::cli
