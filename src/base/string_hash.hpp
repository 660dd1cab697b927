// string_hash.hpp -- hashing for unordered containers keyed by std::string
// that are looked up with std::string_view, without building a string.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace smcf {

// FNV-1a with a final mix: tokens and words are short, so an inline loop
// beats a call into libstdc++'s murmur hash.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

struct StringEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
};

}  // namespace smcf
