// newaliases_command.hpp -- `smcf -bi` (and argv[0] `newaliases`): rebuild
// the alias databases of the cf's AliasFile entries, as sendmail's
// MD_INITALIAS does (envelope/alias_rebuild.hpp).
#pragma once
#include "cli/run_test_mode.hpp"

namespace smcf::cli {

int newaliases_command(const TestModeArgs& args);

}  // namespace smcf::cli
