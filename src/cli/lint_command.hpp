// lint_command.hpp -- `smcf lint`: sendmail's own complaints about a config
// and the mistakes it would silently make (docs/lint.md).
#pragma once
#include <string>
#include <vector>

#include "host/system.hpp"
#include "read/reader.hpp"

namespace smcf::cli {

struct LintArgs {
  std::string format = "text";             // --format text|json|sarif
  bool werror = false;                     // --werror
  std::vector<CommandLineOption> options;  // -O / -o
  SystemOptions sys;                       // pinning (DNS always off)
  std::vector<std::string> files;          // '-' = standard input
};

int lint_command(const LintArgs& args);

}  // namespace smcf::cli
