// main.cpp -- the smcf command: dispatches to the subcommands in cli/.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return smcf::cli::run(argc, argv); }
