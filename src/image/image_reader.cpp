// image_reader.cpp -- checking and decoding an image (see image_reader.hpp;
// the layout is in image_format.hpp).
#include "image/image_reader.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "image/byte_reader.hpp"
#include "image/checksum.hpp"
#include "image/engine_part.hpp"
#include "image/image_codec.hpp"

namespace smcf::image {
namespace {

template <class T>
T at(const unsigned char* data, std::size_t off) {
  T v;
  std::memcpy(&v, data + off, sizeof v);
  return v;
}

std::string malformed(const ByteReader& r) {
  return fmt::format("malformed image: {} at byte {}", r.error() ? r.error() : "bad data", r.error_offset());
}

}  // namespace

bool looks_like_image(std::string_view first) {
  std::size_t n = std::min(first.size(), kMagicProbe);
  return n > 0 && std::memcmp(first.data(), kMagic.data(), n) == 0;
}

bool ImageReader::fail(std::string reason) {
  error_ = std::move(reason);
  return false;
}

bool ImageReader::open(const unsigned char* data, std::size_t size) {
  data_ = data;
  size_ = size;
  options_.clear();
  sections_ = {};
  error_.clear();

  // The header, field by field, in the order that gives the most useful
  // reason for a damaged file.
  if (size == 0) return fail("empty file, not a smcf image");
  const std::size_t probe = std::min(size, kMagic.size());
  if (std::memcmp(data, kMagic.data(), probe) != 0) return fail("not a smcf image (bad magic)");
  if (size < kFixedHeaderSize)
    return fail(fmt::format("truncated at byte {} (an image header is {} bytes)", size, kFixedHeaderSize));
  const std::uint32_t order = at<std::uint32_t>(data, offset::kByteOrder);
  if (order == kByteOrderSwapped)
    return fail("wrong endianness: the image was made on a machine of the other byte order");
  if (order != kByteOrderMark) return fail(fmt::format("bad endianness marker {:#010x} (corrupted)", order));
  header_.version = at<std::uint32_t>(data, offset::kVersion);
  if (header_.version != kFormatVersion)
    return fail(fmt::format("image format version {}, this smcf reads version {}", header_.version,
                            kFormatVersion));
  header_.checksum = at<std::uint64_t>(data, offset::kChecksum);
  header_.payload_size = at<std::uint64_t>(data, offset::kPayloadSize);
  header_.source_mtime_seconds = at<std::int64_t>(data, offset::kMtimeSeconds);
  header_.source_mtime_nanos = at<std::int64_t>(data, offset::kMtimeNanos);
  const std::uint32_t path_length = at<std::uint32_t>(data, offset::kPathLength);
  header_.header_size = at<std::uint32_t>(data, offset::kHeaderSize);
  if (path_length > kMaxSourcePath || header_.header_size != (kFixedHeaderSize + path_length + 7) / 8 * 8 ||
      header_.payload_size > kMaxImageSize)
    return fail(fmt::format("corrupted header (header size {}, source path length {}, payload size {})",
                            header_.header_size, path_length, header_.payload_size));
  const std::uint64_t total = header_.header_size + header_.payload_size;
  if (size < total) return fail(fmt::format("truncated at byte {} (the image is {} bytes)", size, total));
  if (size > total)
    return fail(fmt::format("{} byte{} after the end of the image (corrupted)", size - total,
                            size - total == 1 ? "" : "s"));
  if (xxh64(data + offset::kChecked, size - offset::kChecked) != header_.checksum)
    return fail("checksum mismatch (corrupted)");
  header_.source_path.assign(reinterpret_cast<const char*>(data + offset::kPath), path_length);

  // The directory.
  ByteReader r(data + header_.header_size, static_cast<std::size_t>(header_.payload_size), header_.header_size);
  const std::size_t nopts = r.count(1 + 4);
  if (nopts > kMaxOptions) r.fail("too many options");
  for (std::size_t i = 0; i < nopts && r.ok(); ++i) {
    CommandLineOption o;
    o.letter = r.u8();
    r.string(o.value);
    options_.push_back(std::move(o));
  }
  const std::size_t nvariants = r.count(1 + 8 + 8);
  if (nvariants > kMaxVariants) r.fail("too many configs");
  for (std::size_t i = 0; i < nvariants && r.ok(); ++i) {
    std::uint8_t mode = r.u8();
    std::uint64_t off = r.u64(), len = r.u64();
    if (!r.ok()) break;
    if (mode >= kReadModes) {
      r.fail("unknown reading mode");
    } else if (sections_[mode].present) {
      r.fail("reading mode twice");
    } else if (r.slice(off, len).ok()) {
      sections_[mode] = Section{true, off, len};
    } else {
      r.fail("config outside the payload");
    }
  }
  if (!r.ok()) return fail(malformed(r));
  return true;
}

bool ImageReader::locate(ReadMode mode, Located& out) {
  const Section& s = sections_[static_cast<std::size_t>(mode)];
  if (!s.present) return fail(fmt::format("the image holds no config read as {}", mode_name(mode)));
  ByteReader payload(data_ + header_.header_size, static_cast<std::size_t>(header_.payload_size),
                     header_.header_size);
  ByteReader r = payload.slice(s.offset, s.size);
  LoadedVariant& v = out.variant;
  v.fatal = r.boolean();
  v.exit_status = r.i32();
  v.error_count = r.i32();
  v.verbose = r.i32();
  v.line = r.i32();
  r.string(v.printed);
  out.files.resize(r.count(4));
  for (auto& f : out.files) r.string(f);
  out.diagnostics = r.section();
  out.ir = r.section();
  out.engine = r.section();
  if (r.ok() && !r.at_end()) r.fail("bytes after the end of a config");
  if (!r.ok()) return fail(malformed(r));
  return true;
}

std::optional<LoadedVariant> ImageReader::load(ReadMode mode, bool want_diagnostics) {
  Located at;
  if (!locate(mode, at)) return std::nullopt;
  LoadedVariant& v = at.variant;
  if (want_diagnostics) {
    Decoder d(at.diagnostics, at.files);
    d(v.diagnostics);
    if (at.diagnostics.ok() && !at.diagnostics.at_end()) at.diagnostics.fail("bytes after the diagnostics");
    if (!at.diagnostics.ok()) {
      fail(malformed(at.diagnostics));
      return std::nullopt;
    }
  }
  auto cf = std::make_unique<Config>();
  Decoder d(at.ir, at.files);
  d(*cf);
  if (at.ir.ok() && !at.ir.at_end()) at.ir.fail("bytes after the config");
  if (!at.ir.ok()) {
    fail(malformed(at.ir));
    return std::nullopt;
  }
  if (want_diagnostics) cf->diagnostics = v.diagnostics;
  v.config = make_compiled(std::move(cf), at.engine);
  if (!v.config || !at.engine.ok()) {
    fail(malformed(at.engine));
    return std::nullopt;
  }
  return std::move(v);
}

bool ImageReader::load_engine_part(ReadMode mode, EnginePart& out) {
  Located at;
  if (!locate(mode, at)) return false;
  if (!decode_engine_part(at.engine, out) || !at.engine.at_end()) {
    if (at.engine.ok()) at.engine.fail("bytes after the engine part");
    return fail(malformed(at.engine));
  }
  return true;
}

}  // namespace smcf::image
