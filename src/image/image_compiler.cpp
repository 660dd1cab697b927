// image_compiler.cpp -- reading a cf in every mode for an image, and
// checking an image against what went into it (see image_compiler.hpp).
#include "image/image_compiler.hpp"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "image/engine_part.hpp"
#include "image/image_reader.hpp"

namespace smcf::image {
namespace {

VariantInput read_variant(ReadMode mode, const CompileSource& src, const System& sys) {
  Output printed;  // in memory
  Reporter rep(&printed);
  ReadRequest req;
  req.file_name = src.name;
  req.text = src.text;
  req.test_mode = mode == ReadMode::TestMode;
  req.config_given = src.given;
  req.options = src.options;
  if (mode == ReadMode::DeliverVerbose) req.options.push_back({'v', "T"});
  Config cf = read_config(req, sys, rep);

  VariantInput v;
  v.mode = mode;
  v.fatal = cf.fatal;
  v.exit_status = rep.exit_status();
  v.error_count = rep.error_count();
  v.verbose = rep.verbose();
  v.line = rep.line();
  v.printed = printed.take();
  v.diagnostics = rep.diagnostics();
  cf.diagnostics.clear();  // kept apart in the image
  v.config = std::make_shared<const CompiledConfig>(std::move(cf));
  return v;
}

}  // namespace

ImageInput read_for_image(const CompileSource& src, const System& sys) {
  ImageInput in;
  in.options = src.options;
  if (!src.real_path.empty()) {
    char resolved[PATH_MAX];
    in.source_path = ::realpath(src.real_path.c_str(), resolved) ? resolved : src.real_path;
    struct stat st {};
    if (::stat(in.source_path.c_str(), &st) == 0) {
      in.source_mtime_seconds = st.st_mtim.tv_sec;
      in.source_mtime_nanos = st.st_mtim.tv_nsec;
    }
  }
  for (auto mode : {ReadMode::TestMode, ReadMode::Deliver, ReadMode::DeliverVerbose})
    in.variants.push_back(read_variant(mode, src, sys));
  return in;
}

std::string verify_image(const std::string& bytes, const ImageInput& in) {
  ImageReader reader;
  if (!reader.open(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size())) return reader.error();
  for (const auto& v : in.variants) {
    auto loaded = reader.load(v.mode, true);
    if (!loaded) return reader.error();
    if (loaded->printed != v.printed || loaded->diagnostics.size() != v.diagnostics.size() ||
        loaded->fatal != v.fatal || loaded->exit_status != v.exit_status)
      return "start-up state differs";
    EnginePart part;
    if (!reader.load_engine_part(v.mode, part)) return reader.error();
    if (!engine_part_matches(part, *loaded->config)) return "the engine's part differs";
  }
  return "";
}

std::string compile_image(const CompileSource& src, const System& sys, std::string* error) {
  ImageInput in = read_for_image(src, sys);
  if (in.variants.front().fatal) {
    *error = "reading stopped at a fatal error";
    return {};
  }
  std::string bytes = build_image(in, error);
  if (bytes.empty()) return {};
  if (std::string bad = verify_image(bytes, in); !bad.empty()) {
    *error = "the image does not read back: " + bad;
    return {};
  }
  return bytes;
}

}  // namespace smcf::image
