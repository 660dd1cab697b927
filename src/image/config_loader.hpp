// config_loader.hpp -- the one way smcf gets a config: from cf text (read
// and compiled) or from a compiled image (`smcf compile`, decoded), told
// apart by the image magic, never by the file name.  -bt, -bv, smcf print,
// smcf resolve and the library API all load through load_config().
//
// Either way the caller's Reporter ends up as reading the text would leave
// it: for an image, what reading printed is replayed through it byte for
// byte, its diagnostics are recorded (if it records) and its exit status,
// error count, verbosity and line are restored.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "image/image_format.hpp"
#include "read/reader.hpp"

namespace smcf {

class Reporter;

struct ConfigRequest {
  // -C: the config's path as given (it appears in messages; --remap applies
  // when it is read).  nullopt: /etc/mail/sendmail.cf if it exists, else the
  // bundled default.
  std::optional<std::string> path;
  bool bundled = false;  // --bundled-config: the bundled default, whatever path says
  // The config's bytes when the caller already has them (the library's
  // from_string); `path` is then only its name.
  std::optional<std::string> text;
  image::ReadMode mode = image::ReadMode::TestMode;
  // -O / -o, in order.  For an image they must be none or the ones it was
  // compiled with.
  std::vector<CommandLineOption> options;
};

struct LoadedConfigFile {
  enum class Status {
    Loaded,      // config is set
    Stopped,     // reading stopped at a fatal error (the reporter has its status);
                 // config holds what was read up to there
    CannotOpen,  // the file could not be read (errnum)
    BadImage,    // an image that cannot be used (error)
  };
  Status status = Status::CannotOpen;
  std::shared_ptr<const CompiledConfig> config;
  std::string name;   // the name messages use (the path, or the bundled config's)
  int errnum = 0;     // CannotOpen
  std::string error;  // BadImage: the reason (docs/compile.md)
  // Warnings about the image (its source is newer); the CLI prints each as
  // "smcf: warning: TEXT" on stderr, the library makes them diagnostics.
  std::vector<std::string> warnings;
  bool from_image = false;
};

LoadedConfigFile load_config(const ConfigRequest& req, const System& sys, Reporter& rep);

// "-O Name=value -oXvalue" (or "no options") for messages.
std::string describe_options(const std::vector<CommandLineOption>& options);

}  // namespace smcf
