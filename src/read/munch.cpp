// munch.cpp -- cf value unquoting.
#include "read/munch.hpp"

#include "base/bytes.hpp"
#include "base/limits.hpp"

namespace smcf {

Munched munch_string(std::string_view p, int delim) {
  p = c_str_view(p);
  Munched out;
  const std::size_t cap = limits::kMaxLine - 1;
  bool backslash = false, quoted = false;
  std::size_t i = 0;
  for (; i < p.size() && out.value.size() < cap; ++i) {
    char c = p[i];
    if (backslash) {
      backslash = false;
      switch (c) {
        case 'r': out.value.push_back('\r'); continue;
        case 'n': out.value.push_back('\n'); continue;
        case 'f': out.value.push_back('\f'); continue;
        case 'b': out.value.push_back('\b'); continue;
        default: out.value.push_back(c); continue;
      }
    }
    if (c == '\\') backslash = true;
    else if (c == '"') quoted = !quoted;
    else if (quoted || static_cast<unsigned char>(c) != delim) out.value.push_back(c);
    else break;
  }
  out.end = i;
  return out;
}

Extracted extract_quoted(std::string_view p, std::string_view delims) {
  p = c_str_view(p);
  Extracted out;
  const std::size_t cap = limits::kMaxLine - 1;
  bool backslash = false, quoted = false;
  std::size_t i = 0;
  for (; i < p.size() && out.value.size() < cap; ++i) {
    char c = p[i];
    if (backslash) {
      backslash = false;
      if (c != ' ') out.value.push_back('\\');
    }
    if (c == '\\') backslash = true;
    else if (c == '"') quoted = !quoted;
    else if (quoted || delims.find(c) == std::string_view::npos) out.value.push_back(c);
    else break;
  }
  out.end = i;
  out.ok = !(quoted || backslash);
  return out;
}

std::vector<std::string> split_argv(std::string_view p) {
  p = c_str_view(p);
  std::vector<std::string> argv;
  std::size_t i = 0;
  while (i < p.size() && argv.size() < 256) {
    std::size_t s = i;
    while (i < p.size() && !is_space(static_cast<unsigned char>(p[i]))) ++i;
    argv.emplace_back(p.substr(s, i - s));
    while (i < p.size() && is_space(static_cast<unsigned char>(p[i]))) ++i;
  }
  return argv;
}

}  // namespace smcf
