// startup.hpp -- what sendmail's main() does after readcf() in every mode
// that is not test mode (-bv, -bp, submission, queue runs): setup_queues()
// (the queue directory must exist, as sendmail chdir()s into it) and the
// HostStatusDirectory check.
#pragma once
#include <optional>
#include <string>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "cli/run_test_mode.hpp"
#include "host/effects.hpp"
#include "host/system.hpp"

namespace smcf {
struct Config;
class Output;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::cli {

// Reports sendmail's messages (and sets exit status 78) when the queue
// directory is missing or not a directory; returns the working directory
// sendmail ends up in.
std::string setup_queue_directory(const Config& cf, const System& sys, Reporter& rep, Output& out);

// What a mode outside test mode runs with: the machine, the process's
// side effects, stdout and sendmail's message reporter on it.
struct DeliveryProcess {
  explicit DeliveryProcess(const TestModeArgs& args);
  System sys;
  Effects effects;
  Output out;
  Reporter rep;
};

// What -bp, -q and submission do first: the config read outside test
// mode (its warnings printed, sendmail's messages for one that cannot be
// read or is refused), then setup_queue_directory().  nullopt, with
// *exit_status set and `out` flushed, when the run ends there.  Without
// `queue` (newaliases, which never touches the queue) the queue directory
// is not set up.
std::optional<LoadedConfigFile> load_for_delivery(const TestModeArgs& args, const System& sys, Reporter& rep,
                                                  Output& out, int* exit_status, bool queue = true);

}  // namespace smcf::cli
