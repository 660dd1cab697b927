// scan_format.cpp -- a bounded sscanf interpreter for one string result.
#include "read/scan_format.hpp"

#include <bitset>

#include "base/bytes.hpp"

namespace smcf {
namespace {

bool space(char c) { return is_space(static_cast<unsigned char>(c)); }

}  // namespace

std::optional<std::string> scan_one_string(std::string_view in, std::string_view fmt) {
  std::size_t i = 0, f = 0;
  int assigned = 0;
  std::optional<std::string> result;
  while (f < fmt.size()) {
    char fc = fmt[f];
    if (space(fc)) {
      while (f < fmt.size() && space(fmt[f])) ++f;
      while (i < in.size() && space(in[i])) ++i;
      continue;
    }
    if (fc != '%') {
      if (i >= in.size() || in[i] != fc) break;
      ++i;
      ++f;
      continue;
    }
    ++f;
    if (f < fmt.size() && fmt[f] == '%') {
      while (i < in.size() && space(in[i])) ++i;
      if (i >= in.size() || in[i] != '%') break;
      ++i;
      ++f;
      continue;
    }
    bool suppress = false;
    if (f < fmt.size() && fmt[f] == '*') {
      suppress = true;
      ++f;
    }
    std::size_t width = 0;
    while (f < fmt.size() && is_digit(static_cast<unsigned char>(fmt[f]))) width = width * 10 + static_cast<std::size_t>(fmt[f++] - '0');
    while (f < fmt.size() && (fmt[f] == 'h' || fmt[f] == 'l' || fmt[f] == 'L' || fmt[f] == 'q' || fmt[f] == 'j' ||
                              fmt[f] == 'z' || fmt[f] == 't'))
      ++f;
    if (f >= fmt.size()) break;
    char conv = fmt[f++];
    std::string value;
    if (conv == 's') {
      while (i < in.size() && space(in[i])) ++i;
      if (i >= in.size()) break;
      while (i < in.size() && !space(in[i]) && (width == 0 || value.size() < width)) value.push_back(in[i++]);
    } else if (conv == 'c') {
      std::size_t n = width == 0 ? 1 : width;
      if (in.size() - i < n) break;
      value = std::string(in.substr(i, n));
      i += n;
    } else if (conv == '[') {
      bool negate = false;
      if (f < fmt.size() && fmt[f] == '^') {
        negate = true;
        ++f;
      }
      std::bitset<256> set;
      bool first = true;
      while (f < fmt.size() && (first || fmt[f] != ']')) {
        unsigned char a = static_cast<unsigned char>(fmt[f]);
        if (!first && f + 2 < fmt.size() && fmt[f + 1] == '-' && fmt[f + 2] != ']') {
          unsigned char b = static_cast<unsigned char>(fmt[f + 2]);
          for (unsigned c = a; c <= b; ++c) set.set(c);
          f += 3;
        } else {
          set.set(a);
          ++f;
        }
        first = false;
      }
      if (f >= fmt.size()) break;  // unterminated set: the conversion fails
      ++f;
      while (i < in.size() && set.test(static_cast<unsigned char>(in[i])) != negate &&
             (width == 0 || value.size() < width))
        value.push_back(in[i++]);
      if (value.empty()) break;
    } else {
      // Numeric and other conversions: only suppressed ones are safe to skip.
      if (!suppress) return std::nullopt;
      while (i < in.size() && space(in[i])) ++i;
      std::size_t s = i;
      if (i < in.size() && (in[i] == '+' || in[i] == '-')) ++i;
      while (i < in.size() && (std::isalnum(static_cast<unsigned char>(in[i])) || in[i] == '.')) ++i;
      if (i == s) break;
      continue;
    }
    if (!suppress) {
      ++assigned;
      if (assigned == 1) result = std::move(value);
    }
  }
  if (assigned != 1) return std::nullopt;
  return result;
}

}  // namespace smcf
