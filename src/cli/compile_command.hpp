// compile_command.hpp -- `smcf compile`: read a sendmail.cf once, in every
// reading mode, and write it as a compiled image (docs/compile.md) that -bt,
// -bv, resolve, print and the library load without reading cf text.
//
//   smcf compile [pinning options] [-O Name=value]... FILE.cf -o FILE.cfc
//   smcf compile [pinning options] [-O Name=value]... --bundled-config -o FILE.cfc
#pragma once
#include <string>
#include <vector>

namespace smcf::cli {

int compile_command(const std::vector<std::string>& args);

}  // namespace smcf::cli
