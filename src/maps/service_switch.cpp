// service_switch.cpp -- reading sendmail's service switch file.
#include "maps/service_switch.hpp"

#include <cstring>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"

namespace smcf::maps {

ServiceSwitch ServiceSwitch::read(const System& sys, std::string_view path) {
  int err = 0;
  auto text = sys.read_file(path, &err);
  if (!text) return ServiceSwitch{};
  return parse(*text);
}

ServiceSwitch ServiceSwitch::parse(std::string_view text) {
  ServiceSwitch sw;
  std::size_t i = 0;
  while (i < text.size()) {
    // fgets() into a MAXLINE buffer: at most 2047 bytes per read.
    std::size_t end = text.find('\n', i);
    std::size_t len = (end == std::string_view::npos ? text.size() : end + 1) - i;
    if (len > limits::kMaxLine - 1) len = limits::kMaxLine - 1;
    std::string line(c_str_view(text.substr(i, len)));
    i += len;
    if (auto cut = line.find_first_of("#\n"); cut != std::string::npos) line.resize(cut);
    std::string_view rest;
    std::string_view name = line;
    if (auto b = line.find_first_of(" \t"); b != std::string::npos) {
      name = std::string_view(line).substr(0, b);
      rest = std::string_view(line).substr(b + 1);
    } else {
      continue;  // sendmail logs "Bad line" (or the line is empty)
    }
    if (name.empty()) continue;
    while (!rest.empty() && is_space(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
    if (rest.empty()) continue;
    std::vector<std::string> types;
    while (!rest.empty() && types.size() < static_cast<std::size_t>(limits::kMaxMapStack)) {
      auto b = rest.find_first_of(" \t");
      types.emplace_back(rest.substr(0, b));
      if (b == std::string_view::npos) break;
      rest.remove_prefix(b + 1);
      while (!rest.empty() && is_space(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
    }
    // A later line for the same service (case-insensitive) replaces it.
    bool replaced = false;
    for (auto& s : sw.services_) {
      if (equals_nocase(s.first, name)) {
        s.second = types;
        replaced = true;
      }
    }
    if (!replaced) sw.services_.emplace_back(std::string(name), std::move(types));
  }
  return sw;
}

std::optional<std::vector<std::string>> ServiceSwitch::find(std::string_view service) const {
  for (const auto& s : services_)
    if (equals_nocase(s.first, service) && !s.second.empty()) return s.second;
  if (service == "aliases") return std::vector<std::string>{"files"};
  if (service == "hosts") return std::vector<std::string>{"dns", "files"};
  return std::nullopt;
}

}  // namespace smcf::maps
