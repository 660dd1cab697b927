// user_db.cpp -- finduser() and usershellok() (see user_db.hpp).
#include "envelope/user_db.hpp"


#include <fmt/format.h>

#include <vector>

#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"

namespace smcf::envelope {
namespace {

constexpr std::string_view kWildcardShell = "/SENDMAIL/ANY/SHELL/";

// getusershell()'s list: per line, the word that starts at the first '/'
// (before any '#') and ends at white space or '#'.
std::vector<std::string> login_shells(const System& sys) {
  int err = 0;
  auto text = sys.read_file("/etc/shells", &err);
  if (!text) return {"/bin/sh", "/bin/csh"};
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text->size()) {
    std::size_t nl = text->find('\n', i);
    std::string_view line = std::string_view(*text).substr(i, nl == std::string::npos ? std::string::npos : nl - i);
    i = nl == std::string::npos ? text->size() : nl + 1;
    std::size_t p = 0;
    while (p < line.size() && line[p] != '#' && line[p] != '/') ++p;
    if (p >= line.size() || line[p] == '#') continue;
    std::size_t q = p;
    while (q < line.size() && !is_space(static_cast<unsigned char>(line[q])) && line[q] != '#') ++q;
    out.emplace_back(line.substr(p, q - p));
  }
  return out;
}

}  // namespace

MailboxUser mailbox_user(const PasswdEntry& pw) {
  MailboxUser u;
  u.name = pw.name;
  u.uid = pw.uid;
  u.gid = pw.gid;
  u.fullname = full_name_from_gecos(pw.gecos, pw.name);
  u.home = pw.dir;
  u.shell = pw.shell;
  return u;
}

std::optional<MailboxUser> mailbox_lookup(const System& sys, std::string_view name) {
  if (name.empty()) return std::nullopt;
  auto pw = sys.user_by_name(name);
  if (!pw) return std::nullopt;
  return mailbox_user(*pw);
}

FindUserResult find_user(const System& sys, std::string_view name, bool match_gecos, char space_sub, Reporter& rep) {
  FindUserResult r;
  if ((r.user = mailbox_lookup(sys, name))) return r;

  // Then the name in lower case.
  std::string lower(name);
  bool changed = false;
  for (char& c : lower) {
    if (is_upper(static_cast<unsigned char>(c))) {
      c = static_cast<char>(to_lower(static_cast<unsigned char>(c)));
      changed = true;
    }
  }
  if (changed && (r.user = mailbox_lookup(sys, lower))) {
    r.fuzzy = true;
    return r;
  }
  if (!match_gecos) return r;

  // A full name, with the SpaceSub character or '_' for blanks.
  for (char& c : lower)
    if (c == static_cast<char>(space_sub & 0177) || c == '_') c = ' ';
  for (const PasswdEntry& pw : sys.all_users()) {
    std::string full = full_name_from_gecos(pw.gecos, pw.name);
    if (full.find(' ') != std::string::npos && equals_nocase(full, lower)) {
      rep.message("finduser-gecos", fmt::format("sending to login name {}", pw.name));
      r.user = mailbox_user(pw);
      r.fuzzy = true;
      return r;
    }
  }
  return r;
}

bool user_shell_ok(const System& sys, std::string_view shell, bool trusted_user, int config_level) {
  if (shell.empty() || trusted_user || config_level <= 1) return true;
  for (const auto& s : login_shells(sys))
    if (s == shell || s == kWildcardShell) return true;
  return false;
}

}  // namespace smcf::envelope
