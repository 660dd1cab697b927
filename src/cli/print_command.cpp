// print_command.cpp -- placeholder until the IR printer (ir/print) exists.
#include "cli/print_command.hpp"

#include <cstdio>

namespace smcf::cli {

int print_command(const std::vector<std::string>&) {
  std::fputs("smcf print: not implemented yet\n", stderr);
  return 70;
}

}  // namespace smcf::cli
