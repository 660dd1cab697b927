// compile_command.hpp -- `smcf compile`: read a sendmail.cf once, in every
// reading mode, and write it as a compiled image (docs/compile.md) that -bt,
// -bv, resolve, print and the library load without reading cf text.
//
//   smcf compile [pinning options] [-O Name=value]... FILE.cf -o FILE.cfc
//   smcf compile [pinning options] [-O Name=value]... --bundled-config -o FILE.cfc
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "host/system.hpp"
#include "read/reader.hpp"

namespace smcf::cli {

struct CompileArgs {
  std::optional<std::string> input;        // FILE.cf
  std::string output;                      // -o FILE.cfc
  bool bundled = false;                    // --bundled-config
  std::vector<CommandLineOption> options;  // -O
  SystemOptions sys;                       // pinning
};

int compile_command(const CompileArgs& args);

}  // namespace smcf::cli
