// run_test_mode.hpp -- `smcf -bt`: load the config (text or image), start a
// test session.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "host/effects.hpp"
#include "host/system.hpp"
#include "image/config_loader.hpp"
#include "read/reader.hpp"

namespace smcf::cli {

struct TestModeArgs {
  std::optional<std::string> config;       // -C
  std::vector<CommandLineOption> options;  // -O / -o, in order
  std::vector<std::string> macros;         // -M
  std::vector<std::string> addresses;      // unused by -bt
  bool verbose = false;                    // -v
  bool bundled = false;                    // --bundled-config
  SystemOptions sys;
  EffectsOptions effects;                  // --pin-time, --pin-pid, ... (docs/hermetic.md)
  std::string format = "text";             // -bp --format=text|json
};

int run_test_mode(const TestModeArgs& args);

// The request load_config() gets for these arguments in a mode.
ConfigRequest config_request(const TestModeArgs& args, image::ReadMode mode);

// Prints the loader's warnings on stderr ("smcf: warning: ...").
void print_load_warnings(const LoadedConfigFile& loaded);
// sendmail's "FILE: line 0: cannot open: ERROR" for a config that cannot
// be read.
void report_cannot_open(Reporter& rep, const LoadedConfigFile& loaded);
// Prints why an image was refused ("smcf: FILE: REASON") on stderr and
// returns EX_CONFIG.
int refuse_image(const LoadedConfigFile& loaded);

}  // namespace smcf::cli
