// run_queue_command.hpp -- `smcf -q[f] [-qI<id>] [-qR<rcpt>] [-qS<sender>]
// [-q<interval>]`: queue runs (deliver/queue_run.hpp).
#pragma once
#include <string>
#include <vector>

#include "cli/run_test_mode.hpp"

namespace smcf::cli {

struct QueueRunArgs {
  TestModeArgs common;
  std::vector<std::string> ids, recipients, senders;
  long interval = 0;  // -q30m: repeat every interval seconds (0: once)
};

// One -q argument (after "-q"): "", "f", "I...", "R...", "S...", or an
// interval; false when it is none of these.
bool parse_queue_flag(const std::string& value, QueueRunArgs& args);

int run_queue_command(const QueueRunArgs& args);

}  // namespace smcf::cli
