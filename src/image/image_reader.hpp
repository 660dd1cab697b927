// image_reader.hpp -- checking and decoding a compiled config image.
//
// open() checks the header (magic, byte order, version, sizes) and the
// checksum of a whole image held in memory, and reads its directory; load()
// decodes the config of one reading mode.  Nothing is trusted before it is
// checked: a truncated, corrupted or foreign file gives a reason (error()),
// never a crash.  The reasons are the texts of docs/compile.md; callers
// print them as "smcf: FILE: REASON".
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "image/byte_reader.hpp"
#include "image/engine_part.hpp"
#include "image/image_format.hpp"
#include "read/reader.hpp"

namespace smcf::image {

// Whether bytes (a file's first bytes, at least kMagicProbe of them when the
// file has that many) are to be treated as an image.
bool looks_like_image(std::string_view first_bytes);

struct ImageHeader {
  std::uint32_t version = 0;
  std::uint64_t checksum = 0;
  std::uint64_t payload_size = 0;
  std::int64_t source_mtime_seconds = 0;
  std::int64_t source_mtime_nanos = 0;
  std::string source_path;
  std::size_t header_size = 0;
};

// One config of an image, decoded.
struct LoadedVariant {
  bool fatal = false;
  int exit_status = 0;
  int error_count = 0;
  int verbose = 0;
  int line = 0;
  std::string printed;
  std::vector<Diagnostic> diagnostics;           // only when asked for
  std::shared_ptr<const CompiledConfig> config;  // as far as reading got when fatal
};

class ImageReader {
 public:
  // Checks the image in [data, data + size), which must stay valid while
  // this reader is used.  false: error() says why.
  bool open(const unsigned char* data, std::size_t size);
  const std::string& error() const { return error_; }

  const ImageHeader& header() const { return header_; }
  // The -O options the image was compiled with.
  const std::vector<CommandLineOption>& options() const { return options_; }
  bool has(ReadMode mode) const { return sections_[static_cast<std::size_t>(mode)].present; }

  // Decodes the config read in `mode` (with its structured diagnostics when
  // want_diagnostics).  nullopt: error() says why.
  std::optional<LoadedVariant> load(ReadMode mode, bool want_diagnostics);
  // Decodes the engine's part of that config alone (whether or not load()
  // uses it; for checks).  false: error() says why.
  bool load_engine_part(ReadMode mode, EnginePart& out);

 private:
  struct Section {
    bool present = false;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  // A config's sections, found but not decoded.
  struct Located {
    LoadedVariant variant;  // the header fields and `printed`
    std::vector<std::string> files;
    ByteReader diagnostics{nullptr, 0};
    ByteReader ir{nullptr, 0};
    ByteReader engine{nullptr, 0};
  };
  bool locate(ReadMode mode, Located& out);
  bool fail(std::string reason);

  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
  ImageHeader header_;
  std::vector<CommandLineOption> options_;
  std::array<Section, kReadModes> sections_{};
  std::string error_;
};

}  // namespace smcf::image
