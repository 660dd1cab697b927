// lint_command.hpp -- `smcf lint [--format=text|json|sarif] [--werror]
// [pinning options] [-O Name=value] FILE...` (docs/lint.md).
#pragma once
#include <string>
#include <vector>

namespace smcf::cli {

// `args` are the words after "lint".  Prints the findings on stdout and
// returns 0 (clean, or only warnings without --werror), 1 (warnings with
// --werror), 2 (errors, or a file that cannot be read) or 64 (usage).
int lint_command(const std::vector<std::string>& args);

}  // namespace smcf::cli
