// alias_table.cpp -- reading alias files into the session's alias table.
//
// Each left-hand side is an address that sendmail parses with its
// rulesets (parseaddr()), which prints their trace in test mode; the
// session's AliasLhsParser does that when the embedder provides one.
// Without it the left-hand side text is taken as the user name.
#include "maps/alias_table.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "maps/map_value.hpp"
#include "maps/safe_file.hpp"
#include "maps/session.hpp"

namespace smcf::maps {
namespace {

constexpr std::size_t kAliasBuf = 8192;  // BUFSIZ: one logical alias line

// The logical lines of an alias file with the number of the last physical
// line of each: "\\\n" joins without the pair, a line starting with a blank
// continues the previous one (its LF dropped).
std::vector<std::pair<std::string, int>> logical_lines(std::string_view text, bool* too_long_at_end) {
  std::vector<std::pair<std::string, int>> out;
  auto phys = fgets_lines(text, kAliasBuf);
  int lineno = 0;
  std::size_t i = 0;
  *too_long_at_end = false;
  while (i < phys.size()) {
    std::string line(c_str_view(phys[i++]));
    ++lineno;
    for (;;) {
      std::size_t nl = line.find('\n');
      if (nl != std::string::npos && nl > 0 && line[nl - 1] == '\\') {
        line.erase(nl - 1);
      } else if (i < phys.size() && !phys[i].empty() && (phys[i][0] == ' ' || phys[i][0] == '\t')) {
        if (!line.empty() && line.back() == '\n') line.pop_back();
      } else {
        break;
      }
      if (i >= phys.size()) break;
      if (line.size() + phys[i].size() >= kAliasBuf) break;
      line += c_str_view(phys[i++]);
      ++lineno;
    }
    out.emplace_back(std::move(line), lineno);
  }
  return out;
}

}  // namespace

const std::string* AliasTable::find(std::string_view user) const {
  auto it = entries.find(lower_ascii(user));
  return it == entries.end() ? nullptr : &it->second;
}

void AliasTable::store(std::string_view user, std::string_view rhs) { entries[lower_ascii(user)] = std::string(rhs); }

bool read_alias_file(MapSession& s, std::string_view file, const AliasStore& store) {
  if (check_map_file(s.system(), file, map_file_checks(s.config())).error != 0) return false;
  int err = 0;
  auto text = s.system().read_file(file, &err);
  if (!text) return false;

  Reporter& rep = s.reporter();
  auto saved_file = rep.file();
  int saved_line = rep.line();
  rep.set_file(std::string(file));

  long naliases = 0, bytes = 0, longest = 0;
  bool skipping = false;
  bool unused = false;
  for (auto& [raw, lineno] : logical_lines(*text, &unused)) {
    rep.set_line(lineno);
    std::string line = raw;
    if (auto nl = line.find('\n'); nl != std::string::npos) line.resize(nl);
    if (line.empty() || line[0] == '#') {
      skipping = false;
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (!skipping) rep.syserr("alias-leading-space", "554 5.3.5 Non-continuation line starts with space");
      skipping = true;
      continue;
    }
    skipping = false;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      rep.syserr("alias-missing-colon", "554 5.3.5 missing colon");
      continue;
    }
    std::string_view lhs = std::string_view(line).substr(0, colon);
    AliasLhs al;
    if (s.options().alias_parser) {
      auto parsed = s.options().alias_parser(line);
      if (!parsed) {
        rep.syserr("alias-illegal-name",
                   fmt::format("554 5.3.5 {}... illegal alias name", std::string_view(line).substr(0, 40)));
        continue;
      }
      al = *parsed;
    } else {
      std::size_t a = 0, b = lhs.size();
      while (a < b && is_space(static_cast<unsigned char>(lhs[a]))) ++a;
      while (b > a && is_space(static_cast<unsigned char>(lhs[b - 1]))) --b;
      al.user = std::string(lhs.substr(a, b - a));
      al.printable = al.user;
    }
    std::size_t r = colon + 1;
    while (r < line.size() && is_space(static_cast<unsigned char>(line[r]))) ++r;
    std::string rhs = line.substr(r);
    if (!al.aliasable) {
      rep.syserr("alias-nonlocal", fmt::format("554 5.3.5 {}... cannot alias non-local names", al.printable));
      continue;
    }
    if (equals_nocase(al.user, "postmaster")) al.user = "postmaster";
    if (rhs.find_first_not_of(" \t\n\v\f\r") == std::string::npos) {
      rep.syserr("alias-missing-value",
                 fmt::format("554 5.3.5 {}... missing value for alias", std::string_view(line).substr(0, 40)));
      continue;
    }
    if (store)
      store(al.user, rhs);
    else
      s.alias_table().store(al.user, rhs);
    ++naliases;
    bytes += static_cast<long>(al.user.size() + rhs.size());
    longest = std::max(longest, static_cast<long>(rhs.size()));
  }
  rep.set_file(std::nullopt);
  if (s.verbose())
    rep.message("alias-stats",
                fmt::format("{}: {} aliases, longest {} bytes, {} bytes total", file, naliases, longest, bytes));
  rep.set_file(saved_file);
  rep.set_line(saved_line);
  return true;
}

}  // namespace smcf::maps
