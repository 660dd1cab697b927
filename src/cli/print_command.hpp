// print_command.hpp -- `smcf print FILE`: the IR as a canonical sendmail.cf.
#pragma once
#include <string>
#include <vector>

namespace smcf::cli {

int print_command(const std::vector<std::string>& args);

}  // namespace smcf::cli
