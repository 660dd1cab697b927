// image_codec.hpp -- encoding and decoding IR values for an image: the
// primitive and container encodings, applied to the field lists of
// ir_fields.hpp by three visitors:
//
//   Encoder      writes a value (ByteWriter)
//   Decoder      reads one back (ByteReader; bounds-checked, never throws)
//   SizeCounter  the fewest bytes a value of a type can encode to, which
//                bounds every count the decoder accepts (so a lying count
//                can make it allocate only a small multiple of the image)
//
// Encodings: bool/char/unsigned char/enum: 1 byte; int: 4; long, size_t: 8;
// string: u32 length + bytes; vector/map: u32 count + elements; optional:
// u8 flag + value; array: its elements; bitset<N>: N/64 u64 words;
// SourcePos: u32 index into the variant's file-name table, line, column.
#pragma once
#include "base/generation.hpp"
#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "image/byte_reader.hpp"
#include "image/byte_writer.hpp"
#include "image/ir_fields.hpp"

namespace smcf::image {

template <class V, class T>
concept HasFields = requires(V& v, T& t) { fields(v, t); };

template <std::size_t N>
inline constexpr std::size_t kBitsetWords = (N + 63) / 64;

// --- SizeCounter ------------------------------------------------------------

class SizeCounter {
 public:
  std::size_t size = 0;
  void check(bool, const char*) {}
  void operator()(const bool&) { size += 1; }
  void operator()(const char&) { size += 1; }
  void operator()(const unsigned char&) { size += 1; }
  void operator()(const int&) { size += 4; }
  void operator()(const long&) { size += 8; }
  void operator()(const unsigned long&) { size += 8; }
  template <class E>
    requires std::is_enum_v<E>
  void operator()(const E&) { size += 1; }
  void operator()(const std::string&) { size += 4; }
  void operator()(const SourcePos&) { size += 12; }
  template <class T>
  void operator()(const std::vector<T>&) { size += 4; }
  template <class K, class T>
  void operator()(const std::map<K, T>&) { size += 4; }
  template <class T>
  void operator()(const std::optional<T>&) { size += 1; }
  template <class A, class B>
  void operator()(const std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <class T, std::size_t N>
  void operator()(const std::array<T, N>& a) {
    for (const auto& e : a) (*this)(e);
  }
  template <std::size_t N>
  void operator()(const std::bitset<N>&) { size += 8 * kBitsetWords<N>; }
  void operator()(const MacroNames& m) {
    (*this)(m.name_of_id);
    size += 4 + 4;
  }
  void operator()(const ClassTable& c) {
    size += 4 + 4;
    (*this)(c.longest);
  }
  template <class T>
    requires HasFields<SizeCounter, const T>
  void operator()(const T& t) { fields(*this, t); }
};

// The fewest bytes a T encodes to (at least 1).
template <class T>
std::size_t min_encoded_size() {
  static const std::size_t n = [] {
    SizeCounter c;
    c(T{});
    return std::max<std::size_t>(c.size, 1);
  }();
  return n;
}

// --- Encoder ----------------------------------------------------------------

class Encoder {
 public:
  explicit Encoder(ByteWriter& w) : w_(w) {}

  // The file names SourcePos values referred to, by index.
  const std::vector<std::string>& files() const { return files_; }

  void check(bool, const char*) {}
  void operator()(const bool& b) { w_.boolean(b); }
  void operator()(const char& c) { w_.u8(static_cast<std::uint8_t>(c)); }
  void operator()(const unsigned char& c) { w_.u8(c); }
  void operator()(const int& i) { w_.i32(i); }
  void operator()(const long& l) { w_.i64(l); }
  void operator()(const unsigned long& n) { w_.u64(n); }
  template <class E>
    requires std::is_enum_v<E>
  void operator()(const E& e) { w_.u8(static_cast<std::uint8_t>(e)); }
  void operator()(const std::string& s) { w_.string(s); }
  void operator()(const SourcePos& p) {
    auto [it, added] = file_index_.try_emplace(p.file, static_cast<std::uint32_t>(files_.size()));
    if (added) files_.push_back(p.file);
    w_.u32(it->second);
    w_.i32(p.line);
    w_.i32(p.column);
  }
  template <class T>
  void operator()(const std::vector<T>& v) {
    w_.count(v.size());
    for (const auto& e : v) (*this)(e);
  }
  template <class K, class T>
  void operator()(const std::map<K, T>& m) {
    w_.count(m.size());
    for (const auto& [k, v] : m) {
      (*this)(k);
      (*this)(v);
    }
  }
  template <class T>
  void operator()(const std::optional<T>& o) {
    w_.boolean(o.has_value());
    if (o) (*this)(*o);
  }
  template <class A, class B>
  void operator()(const std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <class T, std::size_t N>
  void operator()(const std::array<T, N>& a) {
    for (const auto& e : a) (*this)(e);
  }
  template <std::size_t N>
  void operator()(const std::bitset<N>& b) {
    const std::bitset<N> mask(~0ull);
    for (std::size_t i = 0; i < kBitsetWords<N>; ++i) w_.u64(((b >> (64 * i)) & mask).to_ullong());
  }
  // The name table; the name -> id map is written in name order, so that an
  // image does not depend on hash-table layout.
  void operator()(const MacroNames& m) {
    (*this)(m.name_of_id);
    std::vector<const std::pair<const std::string, int>*> byname;
    byname.reserve(m.id_of_name.size());
    for (const auto& e : m.id_of_name) byname.push_back(&e);
    std::sort(byname.begin(), byname.end(), [](auto* a, auto* b) { return a->first < b->first; });
    w_.count(byname.size());
    for (auto* e : byname) {
      (*this)(e->first);
      (*this)(e->second);
    }
    (*this)(m.next_id);
  }
  // The words and origins; the index follows from the words.
  void operator()(const ClassTable& c) {
    (*this)(c.words);
    (*this)(c.origins);
    (*this)(c.longest);
  }
  template <class T>
    requires HasFields<Encoder, const T>
  void operator()(const T& t) { fields(*this, t); }

 private:
  ByteWriter& w_;
  std::vector<std::string> files_;
  std::unordered_map<std::string, std::uint32_t> file_index_;
};

// --- Decoder ----------------------------------------------------------------

class Decoder {
 public:
  Decoder(ByteReader& r, const std::vector<std::string>& files) : r_(r), files_(files) {}

  ByteReader& reader() { return r_; }
  void check(bool cond, const char* what) {
    if (!cond) r_.fail(what);
  }
  void operator()(bool& b) { b = r_.boolean(); }
  void operator()(char& c) { c = static_cast<char>(r_.u8()); }
  void operator()(unsigned char& c) { c = r_.u8(); }
  void operator()(int& i) { i = r_.i32(); }
  void operator()(long& l) { l = static_cast<long>(r_.i64()); }
  void operator()(unsigned long& n) { n = static_cast<unsigned long>(r_.u64()); }
  template <class E>
    requires std::is_enum_v<E>
  void operator()(E& e) {
    std::uint8_t b = r_.u8();
    if (b > enum_max<E>()) r_.fail("enumeration value out of range");
    e = static_cast<E>(b);
  }
  void operator()(std::string& s) { r_.string(s); }
  void operator()(SourcePos& p) {
    std::uint32_t i = r_.u32();
    if (i < files_.size())
      p.file = files_[i];
    else
      r_.fail("file-name index out of range");
    p.line = r_.i32();
    p.column = r_.i32();
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    std::size_t n = r_.count(min_encoded_size<T>());
    v.clear();
    v.resize(n);
    for (auto& e : v) (*this)(e);
  }
  template <class K, class T>
  void operator()(std::map<K, T>& m) {
    std::size_t n = r_.count(min_encoded_size<K>() + min_encoded_size<T>());
    m.clear();
    for (std::size_t i = 0; i < n && r_.ok(); ++i) {
      std::pair<K, T> e;
      (*this)(e.first);
      (*this)(e.second);
      m.emplace_hint(m.end(), std::move(e));
    }
  }
  template <class T>
  void operator()(std::optional<T>& o) {
    if (r_.boolean()) {
      o.emplace();
      (*this)(*o);
    } else {
      o.reset();
    }
  }
  template <class A, class B>
  void operator()(std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <class T, std::size_t N>
  void operator()(std::array<T, N>& a) {
    for (auto& e : a) (*this)(e);
  }
  template <std::size_t N>
  void operator()(std::bitset<N>& b) {
    b.reset();
    for (std::size_t i = 0; i < kBitsetWords<N>; ++i) b |= std::bitset<N>(r_.u64()) << (64 * i);
  }
  void operator()(MacroNames& m) {
    (*this)(m.name_of_id);
    std::size_t n = r_.count(4 + 4);
    m.id_of_name.clear();
    m.id_of_name.reserve(n);
    for (std::size_t i = 0; i < n && r_.ok(); ++i) {
      std::string name;
      int id = 0;
      (*this)(name);
      (*this)(id);
      check(id >= -1 && id <= 0377, "macro id out of range");
      m.id_of_name.emplace(std::move(name), id);
    }
    (*this)(m.next_id);
    // The next id to give out indexes name_of_id.
    check(m.next_id >= limits::kFirstLongMacroId && m.next_id <= limits::kMaxMacroId + 1,
          "next macro id out of range");
  }
  void operator()(ClassTable& c) {
    (*this)(c.words);
    (*this)(c.origins);
    (*this)(c.longest);
    c.index.clear();
    c.index.reserve(c.words.size());
    for (std::size_t i = 0; i < c.words.size() && r_.ok(); ++i)
      if (!c.index.try_emplace(lower_ascii(c.words[i].word), i).second) r_.fail("class word entered twice");
    c.generation = next_generation();
  }
  template <class T>
    requires HasFields<Decoder, T>
  void operator()(T& t) { fields(*this, t); }

 private:
  ByteReader& r_;
  const std::vector<std::string>& files_;
};

}  // namespace smcf::image
