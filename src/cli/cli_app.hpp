// cli_app.hpp -- smcf's own subcommands (lint, compile, print, resolve,
// test, coverage, diff), parsed with CLI11.
//
// The sendmail-compatible flags (-bt, -bv, -bp, -q, submission) keep
// sendmail's getopt conventions and are parsed in commands.cpp; everything
// that is smcf's own follows the usual GNU/CLI11 conventions: --help on
// every subcommand, --version, "--name value" or "--name=value", and one
// line naming the option and the value (exit 64) for a bad value.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace smcf::cli {

// True when `word` (the first argument) names one of the subcommands.
bool is_subcommand(std::string_view word);

// Parses and runs a subcommand line; args[0] is the subcommand, or
// "--help" / "--version" for the top level.
int run_subcommand(const std::vector<std::string>& args);

// "smcf 0.1.0 (sendmail 8.17.1.9 cf engine)" and the rest of --version.
std::string version_text();

// The top-level usage (all modes and subcommands), as --help prints it.
std::string top_usage();

}  // namespace smcf::cli
