// smtp_command.hpp -- `smcf -bs`: one SMTP session on standard input and
// output (inetd, xinetd, `ssh host sendmail -bs`), sendmail's MD_SMTP;
// and `smcf -bd` / `-bD`, the daemon that runs the same session in a
// process per connection (MD_DAEMON, MD_FGDAEMON).
#pragma once
#include "cli/run_test_mode.hpp"

namespace smcf::cli {

int smtp_command(const TestModeArgs& args);

// foreground: -bD (stay attached, as under systemd or a test); otherwise
// -bd, which detaches first as sendmail does.
int daemon_command(const TestModeArgs& args, bool foreground);

}  // namespace smcf::cli
