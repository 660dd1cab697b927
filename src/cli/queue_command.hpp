// queue_command.hpp -- `smcf -bp` (and argv[0] `mailq`): the queue listing.
#pragma once
#include "cli/run_test_mode.hpp"

namespace smcf::cli {

int list_queue_command(const TestModeArgs& args);

}  // namespace smcf::cli
