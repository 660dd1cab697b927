// print_mailer.hpp -- one line of the test-mode `=M` listing (sendmail's
// printmailer()).
#pragma once
#include <string>

namespace smcf {

struct Config;
struct Mailer;

// The line for `m`, without the LF: "mailer N (NAME): P=... S=... R=...
// M=... U=... F=... L=... E=... [C=...] T=... r=... A=...".  Ruleset names
// come from `cf` (a number is shown when the ruleset has no name); E= and
// the argv words are shown as xputs() shows them.
std::string format_mailer_line(const Config& cf, const Mailer& m);

}  // namespace smcf
