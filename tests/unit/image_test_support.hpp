// image_test_support.hpp -- helpers for the compiled-image tests: a scratch
// directory, images of the corpus configs made in-process, whole files.
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "image/image_compiler.hpp"
#include "test_support.hpp"

namespace smcf::testing {

// A directory removed with everything in it when the object goes.
class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/smcf-image-test-XXXXXX";
    path_ = ::mkdtemp(tmpl) ? tmpl : "/tmp";
  }
  ~ScratchDir() {
    std::error_code ec;
    if (path_ != "/tmp") std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::string error;
  image::write_image_file(path, bytes, &error);
}

// The options the conformance goldens were made with.
inline std::vector<CommandLineOption> golden_options() { return {{' ', "DontProbeInterfaces=true"}}; }

// The image of corpus config `name` (read as /etc/mail/NAME.cf on the pinned
// machine), or "" with *error.
inline std::string corpus_image(const std::string& name, std::string* error,
                                std::vector<CommandLineOption> options = golden_options()) {
  System sys(pinned_system(name));
  image::CompileSource src;
  src.name = "/etc/mail/" + name + ".cf";
  int err = 0;
  src.text = sys.read_file(src.name, &err).value_or("");
  src.real_path = sys.real_path(src.name);
  src.options = std::move(options);
  return image::compile_image(src, sys, error);
}

}  // namespace smcf::testing
