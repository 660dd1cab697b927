// commands.hpp -- the smcf command line (sendmail-style -bt / -bv flags and
// the smcf subcommands print, lint, compile, resolve).
#pragma once

namespace smcf::cli {

int run(int argc, char** argv);

}  // namespace smcf::cli
