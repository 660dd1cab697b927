// macro_names.hpp -- the ids of macro and class names.
//
// sendmail names a macro or a class by one byte: a single-character name is
// its own id; a {long} name gets the next free id from 0240 up, in order of
// first use anywhere (cf lines, test-mode commands, sendmail's own code).
// This table is plain data; the allocation rules and their error messages
// live in read/macro_id.cpp.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/limits.hpp"

namespace smcf {

namespace detail {
// One NUL-separated string per byte value, so a single-character macro name
// can be returned as a view.
inline constexpr auto kByteStrings = [] {
  std::array<char, 512> a{};
  for (std::size_t i = 0; i < 256; ++i) a[i * 2] = static_cast<char>(i);
  return a;
}();
}  // namespace detail

struct MacroNames {
  std::array<std::string, 256> name_of_id{};       // long names only ("" = none)
  std::unordered_map<std::string, int> id_of_name;  // long name -> id (-1: allocation failed)
  int next_id = limits::kFirstLongMacroId;

  // sendmail's macname(): the printable name of an id.
  std::string_view name(int id) const {
    id &= 0377;
    if (id <= 0x20 || id > 0x7f) {
      const std::string& n = name_of_id[static_cast<std::size_t>(id)];
      if (!n.empty()) return n;
      return "***UNDEFINED MACRO***";
    }
    return std::string_view(&detail::kByteStrings[static_cast<std::size_t>(id) * 2], 1);
  }
};

}  // namespace smcf
