// string_hash.hpp -- hashing for unordered containers keyed by std::string
// that are looked up with std::string_view, without building a string.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace smcf {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct StringEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
};

}  // namespace smcf
