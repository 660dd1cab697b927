// map_value.cpp -- map_rewrite and makelower (stripquotes is in base/bytes).
#include "maps/map_value.hpp"

#include "base/bytes.hpp"

namespace smcf::maps {

std::string map_rewrite(const MapDecl& map, std::string_view value, std::string_view key, const MapArgs* args) {
  std::string out;
  map_rewrite_into(out, map, value, key, args);
  return out;
}

void map_rewrite_into(std::string& out, const MapDecl& map, std::string_view value, std::string_view key,
                      const MapArgs* args) {
  value = c_str_view(value);
  out.clear();
  if (!args) {
    out.assign(value);
  } else {
    for (std::size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (c != '%') {
        out.push_back(c);
        continue;
      }
      c = i + 1 < value.size() ? value[++i] : '%';
      if (c == '%') {
        out.push_back('%');
        continue;
      }
      if (!is_digit(static_cast<unsigned char>(c))) {
        out.push_back('%');
        out.push_back(c);
        continue;
      }
      std::size_t n = static_cast<std::size_t>(c - '0');
      if (n == 0)
        out.append(c_str_view(key));
      else if (n <= args->size())
        out.append(c_str_view((*args)[n - 1]));
    }
  }
  if (map.append) out.append(c_str_view(*map.append));
}

std::string lower_key(std::string_view s) { return lower_ascii(s); }

}  // namespace smcf::maps

namespace smcf::maps {

std::optional<std::string> get_column(std::string_view line, int col, char delim, std::size_t buflen) {
  line = c_str_view(line);
  const std::string_view delims = delim == '\0' ? std::string_view("\n\t ") : std::string_view(&delim, 1);
  auto skip_blanks = [&](std::size_t i) {
    while (i < line.size() && is_space(static_cast<unsigned char>(line[i]))) ++i;
    return i;
  };
  if (line.empty()) return std::nullopt;
  if (line[0] == delim && col == 0) return std::nullopt;
  std::size_t begin = 0;
  if (col == 0 && delim == '\0') begin = skip_blanks(begin);
  for (int i = 0; i < col; ++i) {
    std::size_t d = line.find_first_of(delims, begin);
    if (d == std::string_view::npos) return std::nullopt;
    begin = d + 1;
    if (delim == '\0') begin = skip_blanks(begin);
  }
  std::size_t end = line.find_first_of(delims, begin);
  std::size_t len = (end == std::string_view::npos ? line.size() : end) - begin;
  if (len >= buflen) len = buflen - 1;
  return std::string(line.substr(begin, len));
}

std::vector<std::string_view> fgets_lines(std::string_view text, std::size_t bufsize) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find('\n', i);
    std::size_t len = (end == std::string_view::npos ? text.size() : end + 1) - i;
    if (len > bufsize - 1) len = bufsize - 1;
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace smcf::maps
