// image_writer.cpp -- encoding an image (see image_writer.hpp and the
// layout in image_format.hpp).
#include "image/image_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "image/checksum.hpp"
#include "image/engine_part.hpp"
#include "image/image_codec.hpp"

namespace smcf::image {
namespace {

// A u64 size, then what `body` writes.
template <class F>
void sized(ByteWriter& w, F&& body) {
  std::size_t at = w.size();
  w.u64(0);
  body();
  w.patch_u64(at, w.size() - at - 8);
}

void encode_variant(ByteWriter& w, const VariantInput& v) {
  w.boolean(v.fatal);
  w.i32(v.exit_status);
  w.i32(v.error_count);
  w.i32(v.verbose);
  w.i32(v.line);
  w.string(v.printed);

  // The diagnostics and the IR go to a scratch buffer first: the file-name
  // table they refer to precedes them.
  ByteWriter body;
  Encoder enc(body);
  sized(body, [&] { enc(v.diagnostics); });
  sized(body, [&] { enc(v.config->ir()); });
  w.count(enc.files().size());
  for (const auto& f : enc.files()) w.string(f);
  w.raw(body.buffer());
  sized(w, [&] { encode_engine_part(w, *v.config); });
}

}  // namespace

std::string build_image(const ImageInput& in, std::string* error) {
  if (in.source_path.size() > kMaxSourcePath) {
    *error = fmt::format("source path longer than {} bytes", kMaxSourcePath);
    return {};
  }
  if (in.variants.empty() || in.variants.size() > kMaxVariants || in.options.size() > kMaxOptions) {
    *error = "no config to write, or too many";
    return {};
  }
  ByteWriter payload;
  payload.count(in.options.size());
  for (const auto& o : in.options) {
    payload.u8(o.letter);
    payload.string(o.value);
  }
  payload.count(in.variants.size());
  std::vector<std::size_t> directory;
  for (const auto& v : in.variants) {
    payload.u8(static_cast<std::uint8_t>(v.mode));
    directory.push_back(payload.size());
    payload.u64(0);  // offset
    payload.u64(0);  // size
  }
  for (std::size_t i = 0; i < in.variants.size(); ++i) {
    std::size_t start = payload.size();
    encode_variant(payload, in.variants[i]);
    payload.patch_u64(directory[i], start);
    payload.patch_u64(directory[i] + 8, payload.size() - start);
  }

  const std::size_t header_size = (kFixedHeaderSize + in.source_path.size() + 7) / 8 * 8;
  if (header_size + payload.size() > kMaxImageSize) {
    *error = fmt::format("image of {} bytes exceeds the limit of {} bytes", header_size + payload.size(),
                         kMaxImageSize);
    return {};
  }
  ByteWriter out;
  out.raw(std::string_view(reinterpret_cast<const char*>(kMagic.data()), kMagic.size()));
  out.u32(kFormatVersion);
  out.u32(kByteOrderMark);
  out.u64(0);  // checksum, below
  out.u64(payload.size());
  out.i64(in.source_mtime_seconds);
  out.i64(in.source_mtime_nanos);
  out.u32(static_cast<std::uint32_t>(in.source_path.size()));
  out.u32(static_cast<std::uint32_t>(header_size));
  out.u64(0);  // reserved
  out.raw(in.source_path);
  out.raw(std::string(header_size - out.size(), '\0'));
  out.raw(payload.buffer());
  std::string& bytes = out.buffer();
  std::uint64_t sum = xxh64(reinterpret_cast<const unsigned char*>(bytes.data()) + offset::kChecked,
                            bytes.size() - offset::kChecked);
  out.patch_u64(offset::kChecksum, sum);
  return std::move(bytes);
}

bool write_image_file(const std::string& path, const std::string& bytes, std::string* error) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = fmt::format("cannot create {}: {}", tmp, std::strerror(errno));
    return false;
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = fmt::format("cannot write {}: {}", tmp, std::strerror(errno));
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    *error = fmt::format("cannot write {}: {}", tmp, std::strerror(errno));
    ::unlink(tmp.c_str());
    return false;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = fmt::format("cannot rename {} to {}: {}", tmp, path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace smcf::image
