// image_writer.hpp -- making a compiled config image (`smcf compile`): the
// configs read in each mode, with what reading printed and the reporter's
// state after it, encoded behind the header of image_format.hpp.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "image/image_format.hpp"
#include "read/reader.hpp"

namespace smcf::image {

// One config as read in one mode.
struct VariantInput {
  ReadMode mode = ReadMode::TestMode;
  bool fatal = false;  // reading stopped (the config is then not used)
  // The reporter after reading.
  int exit_status = 0;
  int error_count = 0;
  int verbose = 0;
  int line = 0;
  std::string printed;                   // what reading printed, byte for byte
  std::vector<Diagnostic> diagnostics;   // the same as structured diagnostics
  std::shared_ptr<const CompiledConfig> config;  // the IR and the engine's part
};

struct ImageInput {
  std::string source_path;  // absolute path the cf was read from ("" = none)
  std::int64_t source_mtime_seconds = 0;
  std::int64_t source_mtime_nanos = 0;
  std::vector<CommandLineOption> options;  // -O given to smcf compile
  std::vector<VariantInput> variants;      // at most one per mode
};

// The whole image file's bytes.  Empty (with *error) when it would exceed
// the limits of image_format.hpp.
std::string build_image(const ImageInput& in, std::string* error);

// Writes bytes to path through a temporary file in the same directory and a
// rename, so a reader never sees half an image.  false with *error (errno
// text) on failure.
bool write_image_file(const std::string& path, const std::string& bytes, std::string* error);

}  // namespace smcf::image
