// run_test_mode.hpp -- `smcf -bt`: read the config, start a test session.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "host/system.hpp"
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
};

int run_test_mode(const TestModeArgs& args);

// Loads the config text: -C, else /etc/mail/sendmail.cf, else the bundled
// default.  Sets display_name to the name messages use.
std::optional<std::string> load_config_text(const std::optional<std::string>& path, bool bundled,
                                            const System& sys, std::string* display_name, int* err);

}  // namespace smcf::cli
