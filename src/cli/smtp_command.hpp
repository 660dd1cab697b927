// smtp_command.hpp -- `smcf -bs`: one SMTP session on standard input and
// output (inetd, xinetd, `ssh host sendmail -bs`), sendmail's MD_SMTP.
#pragma once
#include "cli/run_test_mode.hpp"

namespace smcf::cli {

int smtp_command(const TestModeArgs& args);

}  // namespace smcf::cli
