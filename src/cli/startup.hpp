// startup.hpp -- what sendmail's main() does after readcf() in every mode
// that is not test mode (-bv, -bp, submission, queue runs): setup_queues()
// (the queue directory must exist, as sendmail chdir()s into it) and the
// HostStatusDirectory check.
#pragma once
#include <string>

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

}  // namespace smcf::cli
