// compile_command.cpp -- `smcf compile` (see compile_command.hpp).
//
// The cf is read as -bt reads it, as -bv reads it and as -bv -v reads it
// (image/image_compiler.hpp); the three configs go into one image, which is
// read back and checked before it is written.  What -bt would print at
// start-up is shown on stderr.
#include "cli/compile_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "base/diag.hpp"
#include "host/system.hpp"
#include "image/image_compiler.hpp"
#include "image/image_reader.hpp"
#include "read/reader.hpp"

extern const unsigned char smcf_default_cf[];
extern const std::size_t smcf_default_cf_size;

namespace smcf::cli {

int compile_command(const CompileArgs& c) {
  if (c.input.has_value() == c.bundled) {
    std::fprintf(stderr, "smcf compile: give one FILE.cf or --bundled-config (try --help)\n");
    return exitstat::kUsage;
  }
  System sys(c.sys);

  image::CompileSource src;
  src.options = c.options;
  if (c.bundled) {
    src.name = "(smcf bundled default.cf)";
    src.given = false;
    src.text.assign(reinterpret_cast<const char*>(smcf_default_cf), smcf_default_cf_size);
  } else {
    src.name = *c.input;
    int err = 0;
    auto t = sys.read_file(src.name, &err);
    if (!t) {
      std::fprintf(stderr, "smcf compile: cannot open %s: %s\n", src.name.c_str(), std::strerror(err));
      return exitstat::kNoInput;
    }
    src.text = std::move(*t);
    if (image::looks_like_image(src.text)) {
      std::fprintf(stderr, "smcf compile: %s is a compiled image already\n", src.name.c_str());
      return exitstat::kDataErr;
    }
    src.real_path = sys.real_path(src.name);
  }

  image::ImageInput in = image::read_for_image(src, sys);
  const image::VariantInput& bt = in.variants.front();
  std::fwrite(bt.printed.data(), 1, bt.printed.size(), stderr);
  if (bt.fatal) {
    std::fprintf(stderr, "smcf compile: %s: reading stopped at a fatal error; no image written\n",
                 src.name.c_str());
    return bt.exit_status != 0 ? bt.exit_status : exitstat::kConfig;
  }
  std::string error;
  std::string bytes = image::build_image(in, &error);
  if (bytes.empty()) {
    std::fprintf(stderr, "smcf compile: %s: %s\n", c.output.c_str(), error.c_str());
    return exitstat::kSoftware;
  }
  if (std::string bad = image::verify_image(bytes, in); !bad.empty()) {
    std::fprintf(stderr, "smcf compile: internal error: the image does not read back: %s\n", bad.c_str());
    return exitstat::kSoftware;
  }
  if (!image::write_image_file(c.output, bytes, &error)) {
    std::fprintf(stderr, "smcf compile: %s\n", error.c_str());
    return exitstat::kCantCreat;
  }
  return exitstat::kOk;
}

}  // namespace smcf::cli
