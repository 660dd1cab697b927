// api_load.hpp -- loading a config for the subcommands built on the
// library API (resolve, test, coverage, diff): one set of messages and exit
// statuses for all of them.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "cli/run_test_mode.hpp"
#include "smcf/smcf.hpp"

namespace smcf::cli {

// The API's load options for the -O/-o and pinning options of `t`.
LoadOptions api_load_options(const TestModeArgs& t);

// Loads `path` (nullopt: t.config, else the default config) as the library
// does.  On failure prints "smcf WHO: ..." (and the config's own errors)
// and returns nullptr with *status set: 66 cannot read, 78 config error or
// refused image.
std::shared_ptr<const LoadedConfig> load_api_config(const TestModeArgs& t, const std::optional<std::string>& path,
                                                    const char* who, int* status);

}  // namespace smcf::cli
