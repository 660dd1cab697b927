// config_loader.cpp -- loading a config from text or from an image (see
// config_loader.hpp).
#include "image/config_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/diag.hpp"
#include "image/image_reader.hpp"

extern const unsigned char smcf_default_cf[];
extern const std::size_t smcf_default_cf_size;

namespace smcf {
namespace {

using Status = LoadedConfigFile::Status;

bool same_options(const std::vector<CommandLineOption>& a, const std::vector<CommandLineOption>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].letter != b[i].letter || a[i].value != b[i].value) return false;
  return true;
}

// The whole of an open file (from offset 0), or null with errno set.  The
// buffer is not zero-filled first (for the generic config's image that
// alone was a tenth of the load).
struct FileBytes {
  std::unique_ptr<unsigned char[]> data;
  std::size_t size = 0;
};
std::optional<FileBytes> read_whole(int fd, std::size_t size) {
  FileBytes b{std::make_unique_for_overwrite<unsigned char[]>(size == 0 ? 1 : size), 0};
  while (b.size < size) {
    ssize_t n = ::pread(fd, b.data.get() + b.size, size - b.size, static_cast<off_t>(b.size));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;  // shrank meanwhile: the header check reports it
    b.size += static_cast<std::size_t>(n);
  }
  return b;
}

LoadedConfigFile from_text(const ConfigRequest& req, std::string name, std::string text, bool given,
                           const System& sys, Reporter& rep) {
  LoadedConfigFile out;
  out.name = name;
  ReadRequest rr;
  rr.file_name = std::move(name);
  rr.text = std::move(text);
  rr.test_mode = req.mode == image::ReadMode::TestMode;
  rr.config_given = given;
  rr.options = req.options;
  if (req.mode == image::ReadMode::DeliverVerbose) rr.options.push_back({'v', "T"});
  Config cf = read_config(rr, sys, rep);
  out.status = cf.fatal ? Status::Stopped : Status::Loaded;
  out.config = std::make_shared<const CompiledConfig>(std::move(cf));
  return out;
}

LoadedConfigFile from_image(const ConfigRequest& req, std::string name, const unsigned char* data,
                            std::size_t size, Reporter& rep) {
  LoadedConfigFile out;
  out.name = std::move(name);
  out.from_image = true;
  auto bad = [&](std::string reason) {
    out.status = Status::BadImage;
    out.error = std::move(reason);
    return std::move(out);
  };
  image::ImageReader img;
  if (!img.open(data, size)) return bad(img.error());
  if (!req.options.empty() && !same_options(req.options, img.options()))
    return bad(fmt::format("the image was compiled with {}, not {}; options are fixed by smcf compile",
                           describe_options(img.options()), describe_options(req.options)));

  // A source modified after compiling: say so, and go on with the image.
  const image::ImageHeader& h = img.header();
  struct stat st {};
  if (!h.source_path.empty() && ::stat(h.source_path.c_str(), &st) == 0 &&
      (st.st_mtim.tv_sec > h.source_mtime_seconds ||
       (st.st_mtim.tv_sec == h.source_mtime_seconds && st.st_mtim.tv_nsec > h.source_mtime_nanos)))
    out.warnings.push_back(fmt::format("{}: {} is newer than the image; using the image anyway", out.name,
                                       h.source_path));

  auto v = img.load(req.mode, rep.recording());
  if (!v) return bad(img.error());
  rep.replay(v->printed, v->diagnostics);
  rep.set_exit_status(v->exit_status);
  rep.set_error_count(v->error_count);
  rep.set_verbose(v->verbose);
  rep.set_line(v->line);
  out.status = v->fatal ? Status::Stopped : Status::Loaded;
  out.config = std::move(v->config);
  return out;
}

}  // namespace

std::string describe_options(const std::vector<CommandLineOption>& options) {
  if (options.empty()) return "no options";
  std::string s;
  for (const auto& o : options) {
    if (!s.empty()) s.push_back(' ');
    if (o.letter == ' ')
      s += "-O " + o.value;
    else
      s += fmt::format("-o{}{}", static_cast<char>(o.letter), o.value);
  }
  return s;
}

LoadedConfigFile load_config(const ConfigRequest& req, const System& sys, Reporter& rep) {
  // Bytes the caller has, or the bundled default.
  if (req.text) {
    std::string name = req.path.value_or("(string)");
    if (image::looks_like_image(*req.text))
      return from_image(req, std::move(name), reinterpret_cast<const unsigned char*>(req.text->data()),
                        req.text->size(), rep);
    return from_text(req, std::move(name), *req.text, true, sys, rep);
  }
  std::string path;
  const bool given = req.path && !req.bundled;  // sendmail -C
  if (given) {
    path = *req.path;
  } else if (!req.bundled && sys.file_exists("/etc/mail/sendmail.cf")) {
    path = "/etc/mail/sendmail.cf";
  } else {
    return from_text(req, "(smcf bundled default.cf)",
                     std::string(reinterpret_cast<const char*>(smcf_default_cf), smcf_default_cf_size), false,
                     sys, rep);
  }

  // A regular file that starts like an image is read whole and decoded;
  // anything else is read as text (which reports any error opening it).
  int fd = ::open(sys.real_path(path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st {};
    char first[image::kMagicProbe];
    ssize_t n = 0;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
      n = ::pread(fd, first, sizeof first, 0);
    if (n > 0 && image::looks_like_image(std::string_view(first, static_cast<std::size_t>(n)))) {
      // Read, not mapped: every byte is checksummed and then copied into
      // the IR, and on the machines measured (docs/compile.md) faulting the
      // pages of a mapping in cost several times a read().
      std::optional<FileBytes> bytes;
      int err = EFBIG;
      if (static_cast<std::uint64_t>(st.st_size) <= image::kMaxImageSize + (1u << 20)) {
        bytes = read_whole(fd, static_cast<std::size_t>(st.st_size));
        err = errno;
      }
      ::close(fd);
      if (!bytes) {
        LoadedConfigFile out;
        out.name = path;
        out.from_image = true;
        out.status = Status::BadImage;
        out.error = fmt::format("cannot read the image: {}", std::strerror(err));
        return out;
      }
      return from_image(req, path, bytes->data.get(), bytes->size, rep);
    }
    ::close(fd);
  }
  int err = 0;
  auto text = sys.read_file(path, &err);
  if (!text) {
    LoadedConfigFile out;
    out.name = path;
    out.errnum = err;
    out.status = Status::CannotOpen;
    return out;
  }
  return from_text(req, path, std::move(*text), given, sys, rep);
}

}  // namespace smcf
