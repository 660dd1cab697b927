// byte_writer.hpp -- appending an image's bytes: scalars in this machine's
// byte order, strings as a u32 length and the bytes.  The counterpart of
// byte_reader.hpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace smcf::image {

class ByteWriter {
 public:
  template <class T>
  void scalar(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    buf_.append(b, sizeof(T));
  }
  void u8(std::uint8_t v) { scalar(v); }
  void u32(std::uint32_t v) { scalar(v); }
  void u64(std::uint64_t v) { scalar(v); }
  void i32(std::int32_t v) { scalar(v); }
  void i64(std::int64_t v) { scalar(v); }
  void boolean(bool b) { u8(b ? 1 : 0); }
  // Counts and lengths are u32; nothing in a config comes near (the writer
  // refuses an image over kMaxImageSize anyway).
  void count(std::size_t n) { u32(static_cast<std::uint32_t>(n)); }
  void string(std::string_view s) {
    count(s.size());
    buf_.append(s);
  }
  void raw(std::string_view s) { buf_.append(s); }

  // Overwrites a u64 written earlier at `at`.
  void patch_u64(std::size_t at, std::uint64_t v) { std::memcpy(buf_.data() + at, &v, sizeof v); }

  std::size_t size() const { return buf_.size(); }
  std::string& buffer() { return buf_; }

 private:
  std::string buf_;
};

}  // namespace smcf::image
