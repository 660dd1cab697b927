// submit_command.hpp -- `smcf [-bm] [-f from] [-F name] [-t] [-i] [-odq]
// rcpt...` (also as argv[0] `sendmail`): submission, as MUAs and cron
// call /usr/sbin/sendmail.
#pragma once
#include <optional>
#include <string>

#include "cli/run_test_mode.hpp"

namespace smcf::cli {

struct SubmitArgs {
  TestModeArgs common;                  // -C, -O/-o, pins; addresses are the recipients
  std::optional<std::string> sender;    // -f / -r
  std::optional<std::string> full_name; // -F
  std::optional<std::string> body_type; // -B
  bool from_headers = false;            // -t
  std::optional<std::string> notify;    // -N (the last one)
  std::vector<std::string> ret;         // -R, each one given
  std::optional<std::string> envid;     // -V
};

int submit_command(const SubmitArgs& args);

}  // namespace smcf::cli
