// bytes.cpp -- ASCII helpers and sendmail's string shortening.
#include "base/bytes.hpp"

#include <cerrno>
#include <climits>

#include "base/limits.hpp"

namespace smcf {

bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(static_cast<unsigned char>(a[i])) != to_lower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(to_lower(static_cast<unsigned char>(c)));
  return out;
}

void strip_quotes_in_place(std::string& s) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size() && s[i] != '\0'; ++i) {
    char c = s[i];
    if (c == '\\') {
      if (++i >= s.size() || s[i] == '\0') break;  // "\" then the end: the string ends
      c = s[i];
    } else if (c == '"') {
      continue;
    }
    s[out++] = c;
  }
  s.resize(out);
}

std::string strip_quotes(std::string_view s) {
  std::string out(c_str_view(s));
  strip_quotes_in_place(out);
  return out;
}

std::string shorten(std::string_view s, std::size_t m) {
  if (s.size() < m || m < 10) return std::string(s);
  std::size_t lim = m < limits::kMaxShortStr ? m : limits::kMaxShortStr;
  std::size_t k = (lim - 3) / 2;
  std::string out(s.substr(0, k));
  out += "...";
  out += s.substr(s.size() - k);
  return out;
}

long parse_long(std::string_view s, std::size_t* consumed, int base) {
  std::size_t i = 0;
  while (i < s.size() && is_space(static_cast<unsigned char>(s[i]))) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if ((base == 0 || base == 16) && i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
      i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
    base = 16;
    i += 2;
  } else if (base == 0) {
    base = (i < s.size() && s[i] == '0') ? 8 : 10;
  }
  std::size_t start = i;
  unsigned long long v = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int d;
    if (is_digit(c)) d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else break;
    if (d >= base) break;
    if (!overflow) {
      v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
      if (v > static_cast<unsigned long long>(LONG_MAX) + 1ULL) overflow = true;
    }
  }
  if (i == start) {
    if (consumed) *consumed = 0;
    return 0;
  }
  if (consumed) *consumed = i;
  if (overflow) return neg ? LONG_MIN : LONG_MAX;
  if (neg) return v > static_cast<unsigned long long>(LONG_MAX) ? LONG_MIN : -static_cast<long>(v);
  return v > static_cast<unsigned long long>(LONG_MAX) ? LONG_MAX : static_cast<long>(v);
}

int parse_atoi(std::string_view s) {
  std::size_t used = 0;
  return static_cast<int>(parse_long(s, &used, 10));
}

long parse_atol(std::string_view s) {
  std::size_t used = 0;
  return parse_long(s, &used, 10);
}

}  // namespace smcf
