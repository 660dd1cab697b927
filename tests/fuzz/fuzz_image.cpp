// fuzz_image.cpp -- any bytes as a compiled config image: the image reader
// and load_config() must refuse or load, never crash, hang, leak or read
// out of bounds.
//
// Each input is tried twice: as it is (so the header checks are fuzzed),
// and resealed -- magic, version, byte order, sizes and checksum made right
// around whatever follows -- so that mutations of a real image's payload get
// past the checksum into the decoder.  Seed: an image of a small config
// (.ci/fuzz makes it with smcf compile from tests/fuzz/image-seed.cf).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "base/diag.hpp"
#include "host/system.hpp"
#include "image/checksum.hpp"
#include "image/config_loader.hpp"
#include "image/engine_part.hpp"
#include "image/image_format.hpp"
#include "image/image_reader.hpp"

namespace {

using namespace smcf::image;

template <class T>
void put(std::string& b, std::size_t at, T v) {
  std::memcpy(b.data() + at, &v, sizeof v);
}

// The bytes with a header that passes every check.
std::string reseal(const uint8_t* data, size_t size) {
  std::string b(reinterpret_cast<const char*>(data), size);
  if (b.size() < kFixedHeaderSize) b.resize(kFixedHeaderSize, '\0');
  std::memcpy(b.data(), kMagic.data(), kMagic.size());
  put<std::uint32_t>(b, offset::kVersion, kFormatVersion);
  put<std::uint32_t>(b, offset::kByteOrder, kByteOrderMark);
  std::uint32_t path_length;
  std::memcpy(&path_length, b.data() + offset::kPathLength, sizeof path_length);
  std::size_t header = (kFixedHeaderSize + path_length + 7) / 8 * 8;
  if (path_length > kMaxSourcePath || header > b.size()) {
    path_length = 0;
    header = kFixedHeaderSize;
  }
  put<std::uint32_t>(b, offset::kPathLength, path_length);
  put<std::uint32_t>(b, offset::kHeaderSize, static_cast<std::uint32_t>(header));
  put<std::uint64_t>(b, offset::kPayloadSize, b.size() - header);
  put<std::uint64_t>(b, offset::kChecksum,
                     xxh64(reinterpret_cast<const unsigned char*>(b.data()) + offset::kChecked,
                           b.size() - offset::kChecked));
  return b;
}

void try_image(const std::string& bytes) {
  ImageReader r;
  if (r.open(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size())) {
    for (auto mode : {ReadMode::TestMode, ReadMode::Deliver, ReadMode::DeliverVerbose}) {
      if (!r.has(mode)) continue;
      (void)r.load(mode, true);
      EnginePart part;
      (void)r.load_engine_part(mode, part);
    }
  }
  // The whole loader, from memory (reporter state, replay, options check).
  smcf::SystemOptions opts;
  opts.host_name = "mx.test.example";
  opts.hosts_file = "/dev/null";
  opts.no_dns = true;
  opts.remap.emplace_back("/", "/nonexistent-smcf-fuzz/");
  smcf::System sys(opts);
  smcf::Reporter rep(nullptr);
  smcf::ConfigRequest req;
  req.path = "/etc/mail/fuzz.cfc";
  req.text = bytes;
  if (looks_like_image(bytes)) (void)smcf::load_config(req, sys, rep);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try_image(std::string(reinterpret_cast<const char*>(data), size));
  try_image(reseal(data, size));
  return 0;
}
