// byte_reader.hpp -- bounds-checked reading of an image's bytes.
//
// Every length and count read from an image goes through here and is checked
// against the bytes that remain before it is used.  The first failure is
// kept (with the offset where it happened) and every later read returns a
// zero value, so decoding code can run on without checking each step and
// loops over a failed count end at once; the caller checks ok() at the end.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace smcf::image {

class ByteReader {
 public:
  // bytes [data, data + size); `base` is the offset of data in the file (for
  // messages).
  ByteReader(const unsigned char* data, std::size_t size, std::size_t base = 0)
      : data_(data), size_(size), base_(base) {}

  bool ok() const { return error_ == nullptr; }
  const char* error() const { return error_; }
  // The file offset of the failure (or of the current position).
  std::size_t error_offset() const { return base_ + (error_ ? error_at_ : pos_); }
  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return size_ - pos_; }
  bool at_end() const { return pos_ == size_; }

  // Records a failure (the first one wins).
  void fail(const char* what) {
    if (!error_) {
      error_ = what;
      error_at_ = pos_;
    }
    pos_ = size_;
  }

  template <class T>
  T scalar() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v{};
    if (remaining() < sizeof(T)) {
      fail("value past the end of its section");
      return v;
    }
    std::memcpy(&v, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::uint8_t u8() { return scalar<std::uint8_t>(); }
  std::uint32_t u32() { return scalar<std::uint32_t>(); }
  std::uint64_t u64() { return scalar<std::uint64_t>(); }
  std::int32_t i32() { return scalar<std::int32_t>(); }
  std::int64_t i64() { return scalar<std::int64_t>(); }

  // A 0/1 byte.
  bool boolean() {
    std::uint8_t b = u8();
    if (b > 1) fail("boolean that is neither 0 nor 1");
    return b == 1;
  }

  // A count of elements that take at least `min_element_size` bytes each:
  // refused if that many could not fit in what remains.
  std::size_t count(std::size_t min_element_size = 1) {
    std::uint32_t n = u32();
    if (min_element_size > 0 && n > remaining() / min_element_size) {
      fail("count larger than the bytes that follow");
      return 0;
    }
    return n;
  }

  // `n` bytes as a view into the data (valid as long as the data).
  std::string_view bytes(std::size_t n) {
    if (n > remaining()) {
      fail("length larger than the bytes that follow");
      return {};
    }
    std::string_view v(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return v;
  }
  // A u32 length and that many bytes.
  std::string_view string_view() { return bytes(u32()); }
  void string(std::string& out) {
    std::string_view v = string_view();
    out.assign(v.data(), v.size());
  }

  // A sub-reader for [offset, offset + size) of this reader's bytes, or a
  // failed one if that range is not inside them.
  ByteReader slice(std::uint64_t offset, std::uint64_t size) const {
    if (offset > size_ || size > size_ - offset) {
      ByteReader r(data_, 0, base_);
      r.fail("section outside the payload");
      return r;
    }
    return ByteReader(data_ + offset, static_cast<std::size_t>(size), base_ + static_cast<std::size_t>(offset));
  }

  // A u64 size and a reader for that many bytes that follow, which this
  // reader skips.
  ByteReader section() {
    std::uint64_t n = u64();
    ByteReader s = slice(pos_, n);
    if (s.ok())
      pos_ += static_cast<std::size_t>(n);
    else
      fail("section longer than the bytes that follow");
    return s;
  }

 private:
  const unsigned char* data_;
  std::size_t size_;
  std::size_t base_;
  std::size_t pos_ = 0;
  const char* error_ = nullptr;
  std::size_t error_at_ = 0;
};

}  // namespace smcf::image
