// image_format.hpp -- the layout of a compiled config image (`smcf compile`,
// docs/compile.md): the fixed header, the payload's parts, the limits a
// reader enforces, and the reading modes an image holds a config for.
//
// An image is a frozen configuration in the sense of sendmail's old -bz: the
// result of reading a cf on one machine at one moment (host name, class w,
// F-class files, passwd lookups, the start-up messages), stored so that
// loading it runs no cf reader at all.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smcf::image {

// The first eight bytes of every image.  0x89 never starts a cf line; CR LF
// and ^Z catch a transfer that rewrote line ends.
inline constexpr std::array<unsigned char, 8> kMagic = {0x89, 'S', 'M', 'C', 'F', '\r', '\n', 0x1a};
// A file whose first bytes (up to four) match the magic's is treated as an
// image (and refused if it is not a whole one); anything else is cf text.
inline constexpr std::size_t kMagicProbe = 4;

// Bump on any change of the header or payload encoding (including a new IR
// field: src/image/ir_fields.hpp).
inline constexpr std::uint32_t kFormatVersion = 3;
// Written in the writer's byte order; read back as 0x04030201 on a machine
// of the other order.
inline constexpr std::uint32_t kByteOrderMark = 0x01020304;
inline constexpr std::uint32_t kByteOrderSwapped = 0x04030201;

// The fixed header (all integers in the writer's byte order):
//
//   offset  size  field
//        0     8  magic
//        8     4  format version
//       12     4  byte-order marker (0x01020304)
//       16     8  checksum: XXH64 (seed 0) of every byte from offset 24 to the end
//       24     8  payload size
//       32     8  source .cf mtime, seconds since the epoch (0: no source file)
//       40     8  source .cf mtime, nanoseconds
//       48     4  source path length
//       52     4  header size (64 + path length, rounded up to 8)
//       56     8  reserved (0)
//       64        source path (absolute, as the file was really read), NUL padded
//  header size    payload
namespace offset {
inline constexpr std::size_t kMagic = 0;
inline constexpr std::size_t kVersion = 8;
inline constexpr std::size_t kByteOrder = 12;
inline constexpr std::size_t kChecksum = 16;
inline constexpr std::size_t kChecked = 24;  // the checksum covers [24, end)
inline constexpr std::size_t kPayloadSize = 24;
inline constexpr std::size_t kMtimeSeconds = 32;
inline constexpr std::size_t kMtimeNanos = 40;
inline constexpr std::size_t kPathLength = 48;
inline constexpr std::size_t kHeaderSize = 52;
inline constexpr std::size_t kReserved = 56;
inline constexpr std::size_t kPath = 64;
}  // namespace offset
inline constexpr std::size_t kFixedHeaderSize = 64;

// --- limits ---------------------------------------------------------------
inline constexpr std::size_t kMaxSourcePath = 4096;
inline constexpr std::uint64_t kMaxImageSize = std::uint64_t{1} << 30;  // 1 GiB
inline constexpr std::size_t kMaxVariants = 8;
inline constexpr std::size_t kMaxOptions = 4096;

// The ways smcf reads a config, which give different results (sendmail's
// test mode sets {opMode} t, Verbose 2, and shows a few more warnings; -bv -v
// adds -ov on the command line).  An image holds one config per mode.
enum class ReadMode : std::uint8_t {
  TestMode = 0,        // -bt, smcf print
  Deliver = 1,         // -bv, smcf resolve, the library API
  DeliverVerbose = 2,  // -bv -v
};
inline constexpr std::size_t kReadModes = 3;

inline std::string_view mode_name(ReadMode m) {
  switch (m) {
    case ReadMode::TestMode: return "-bt";
    case ReadMode::Deliver: return "-bv";
    case ReadMode::DeliverVerbose: return "-bv -v";
  }
  return "?";
}

// The payload:
//
//   u32     number of command-line options the image was compiled with
//           per option: u8 letter (' ' for -O), string value
//   u32     number of variants (one per ReadMode)
//           per variant: u8 mode, u64 offset (from the payload start), u64 size
//   ...     the variants
//
// A variant (image_reader.cpp, image_writer.cpp):
//
//   u8      fatal (reading stopped)
//   i32 x4  the reporter after reading: exit status, error count, verbose, line
//   string  what reading printed (replayed byte for byte)
//   u32     file-name table size, then the strings (SourcePos::file by index)
//   ...     diagnostics (structured, for the library API)
//   ...     the IR (ir_fields.hpp)
//   ...     the engine's precomputed part: symbols, char tables, compiled rules
//
// A string is a u32 length and the bytes; a vector or other sequence is a
// u32 count and the elements; an optional is a u8 (0/1) and the value.

}  // namespace smcf::image
