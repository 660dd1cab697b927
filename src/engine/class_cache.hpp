// class_cache.hpp -- remembered answers to "is this one token a member of
// class X?", by symbol, for one resolver.
//
// The same few tokens (host names, `@`, `.`) are tested against the same
// classes by many rules of one address and of the next; asking the class
// table means lower-casing and hashing the text each time.  The answer
// depends only on the token's text and the class table, so it is kept per
// symbol, and the whole cache is dropped when either the class table or
// the symbol view changes (their generation stamps, base/generation.hpp).
// Direct-mapped: a collision just replaces the older answer.
#pragma once
#include <array>
#include <cstdint>

#include "token/symbols.hpp"

namespace smcf {

class ClassMembershipCache {
 public:
  // Starts over unless filled under these stamps.
  void validate(std::uint64_t classes_generation, std::uint64_t symbols_generation) {
    if (classes_generation == classes_gen_ && symbols_generation == syms_gen_) return;
    entries_.fill(Entry{});
    classes_gen_ = classes_generation;
    syms_gen_ = symbols_generation;
  }
  // 1 member, 0 not, -1 not known.
  int find(Sym s, unsigned char class_id) const {
    const Entry& e = entries_[slot(s, class_id)];
    return e.sym == s && e.class_id == class_id ? e.member : -1;
  }
  void store(Sym s, unsigned char class_id, bool member) {
    entries_[slot(s, class_id)] = Entry{s, class_id, static_cast<std::int8_t>(member)};
  }

 private:
  static constexpr std::size_t kEntries = 1024;
  struct Entry {
    Sym sym = ~Sym{0};
    unsigned char class_id = 0;
    std::int8_t member = -1;
  };
  static std::size_t slot(Sym s, unsigned char class_id) {
    return ((s * 0x9E3779B1u) ^ (class_id * 0x85EBCA6Bu)) >> 22 & (kEntries - 1);
  }
  std::array<Entry, kEntries> entries_{};
  std::uint64_t classes_gen_ = ~std::uint64_t{0};
  std::uint64_t syms_gen_ = ~std::uint64_t{0};
};

}  // namespace smcf
