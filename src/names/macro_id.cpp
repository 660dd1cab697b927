// macro_id.cpp -- macro/class name parsing and long-name id allocation.
#include "names/macro_id.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "ir/macro_names.hpp"

namespace smcf {
namespace {

int allocate_long(const std::string& name, MacroNames& names, Reporter* rep) {
  auto it = names.id_of_name.find(name);
  if (it != names.id_of_name.end()) return it->second;
  if (names.next_id > limits::kMaxMacroId) {
    if (rep) rep->syserr("macro-too-many-long-names", fmt::format("Macro/class {{{}}}: too many long names", name));
    names.id_of_name.emplace(name, -1);
    return -1;
  }
  int id = names.next_id++;
  names.name_of_id[static_cast<std::size_t>(id)] = name;
  names.id_of_name.emplace(name, id);
  return id;
}

}  // namespace

void init_builtin_macro_names(MacroNames& names) {
  names.name_of_id[0202] = "opMode";
  names.id_of_name.emplace("opMode", 0202);
  allocate_long("deliveryMode", names, nullptr);
  allocate_long("load_avg", names, nullptr);
}

MacroIdResult parse_macro_id(std::string_view p, MacroNames& names, Reporter* rep) {
  p = c_str_view(p);
  if (p.empty() || (p.size() >= 2 && p[0] == '{' && p[1] == '}')) {
    if (rep) rep->syserr("macro-name-required", "Name required for macro/class");
    return {0, 0};
  }
  if (p[0] != '{') return {static_cast<unsigned char>(p[0]), 1};

  std::string name;
  std::size_t i = 1;
  for (; i < p.size() && p[i] != '}' && name.size() < limits::kMaxMacroNameLen; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (is_alnum(c) || c == '_')
      name.push_back(static_cast<char>(c));
    else if (rep)
      rep->syserr("macro-invalid-char", fmt::format("Invalid macro/class character {}", static_cast<char>(c)));
  }
  int mid = -1;
  if (i >= p.size()) {
    if (rep) rep->syserr("macro-unbalanced-brace", fmt::format("Unbalanced {{ on {}", name));
  } else if (p[i] != '}') {
    if (rep)
      rep->syserr("macro-name-too-long",
                  fmt::format("Macro/class name ({{{}}}) too long ({} chars max)", name, limits::kMaxMacroNameLen));
  } else if (name.size() == 1 && static_cast<unsigned char>(name[0]) >= 0x20) {
    mid = static_cast<unsigned char>(name[0]);
    ++i;
  } else {
    mid = allocate_long(name, names, rep);
    ++i;
  }
  if (mid < 0 || mid > limits::kMaxMacroId) {
    if (rep)
      rep->syserr("macro-id-unassignable",
                  fmt::format("Unable to assign macro/class ID (mid = 0x{:x})", static_cast<unsigned>(mid)));
    return {0, i};
  }
  return {mid, i};
}

int macro_id_of(std::string_view name, MacroNames& names, Reporter* rep) {
  if (name.size() == 1) return static_cast<unsigned char>(name[0]);
  // Built by appending: GCC 12 at -O3 warns (-Wrestrict, a false positive)
  // about "{" + std::string(...).
  std::string braced;
  braced.reserve(name.size() + 2);
  braced += '{';
  braced += name;
  braced += '}';
  return parse_macro_id(braced, names, rep).id;
}

}  // namespace smcf
