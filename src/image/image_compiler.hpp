// image_compiler.hpp -- making an image from cf text: the cf read in every
// mode (ReadMode) with reporters that keep what reading prints, encoded,
// then read back and checked.  `smcf compile` is this plus its command line;
// the tests, the benchmark and the fuzzer make their images here too.
#pragma once
#include <string>
#include <vector>

#include "host/system.hpp"
#include "image/image_writer.hpp"
#include "read/reader.hpp"

namespace smcf::image {

struct CompileSource {
  std::string name;  // the cf's name as given (messages use it)
  std::string text;  // its bytes
  // The file it was really read from (after --remap), for the newer-source
  // warning; made absolute here.  "" for none (the bundled default).
  std::string real_path;
  std::vector<CommandLineOption> options;  // -O given to smcf compile
  bool given = true;  // read as if named with -C (false: the bundled default)
};

// Reads the cf in every mode.  The variants come in ReadMode order, so
// variants.front() is the -bt reading.
ImageInput read_for_image(const CompileSource& src, const System& sys);

// Decodes every config of `bytes` and compares it with what went in: the
// printed start-up messages, the diagnostics and the engine's part.  "" or
// what differs.
std::string verify_image(const std::string& bytes, const ImageInput& in);

// read_for_image, build_image and verify_image in one: the image's bytes, or
// "" with *error.  Refuses a cf whose -bt reading stops at a fatal error.
std::string compile_image(const CompileSource& src, const System& sys, std::string* error);

}  // namespace smcf::image
