// commands.cpp -- placeholder dispatcher (filled in by the test-mode work).
#include "cli/commands.hpp"

#include <cstdio>

namespace smcf::cli {

int run(int, char**) {
  std::fputs("smcf: not yet implemented\n", stderr);
  return 64;
}

}  // namespace smcf::cli
