// system.cpp -- the machine, as smcf sees it (see system.hpp).
#include "host/system.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "base/bytes.hpp"

namespace smcf {
namespace {

std::vector<std::string> split_ws(std::string_view line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t s = i;
    while (i < line.size() && !is_space(static_cast<unsigned char>(line[i]))) ++i;
    if (i > s) out.emplace_back(line.substr(s, i - s));
  }
  return out;
}

std::vector<std::string> split_colon(std::string_view line) {
  std::vector<std::string> out;
  std::size_t s = 0;
  for (;;) {
    auto c = line.find(':', s);
    out.emplace_back(line.substr(s, c == std::string_view::npos ? std::string_view::npos : c - s));
    if (c == std::string_view::npos) break;
    s = c + 1;
  }
  return out;
}

}  // namespace

System::System(SystemOptions opts) : opts_(std::move(opts)) {}

std::string System::real_path(std::string_view path) const {
  const std::pair<std::string, std::string>* best = nullptr;
  for (const auto& r : opts_.remap) {
    if (path.substr(0, r.first.size()) != r.first) continue;
    // Only whole path components: "/etc/mail" remaps "/etc/mail/x", not "/etc/mailx".
    if (path.size() > r.first.size() && !r.first.empty() && r.first.back() != '/' &&
        path[r.first.size()] != '/')
      continue;
    if (!best || r.first.size() > best->first.size()) best = &r;
  }
  if (!best) return std::string(path);
  return best->second + std::string(path.substr(best->first.size()));
}

std::optional<std::string> System::read_file(std::string_view path, int* err) const {
  std::string real = real_path(path);
  struct stat st {};
  if (::stat(real.c_str(), &st) != 0) {
    if (err) *err = errno;
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    if (err) *err = EISDIR;
    return std::nullopt;
  }
  std::ifstream in(real, std::ios::binary);
  if (!in) {
    if (err) *err = errno ? errno : EACCES;
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (err) *err = 0;
  return ss.str();
}

bool System::file_exists(std::string_view path) const {
  struct stat st {};
  return ::stat(real_path(path).c_str(), &st) == 0;
}

std::string System::host_name() const {
  if (opts_.host_name) return *opts_.host_name;
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

std::string System::node_name() const {
  if (opts_.node_name) return *opts_.node_name;
  if (opts_.host_name) return *opts_.host_name;
  struct utsname u {};
  if (::uname(&u) != 0) return host_name();
  return u.nodename;
}

long System::real_uid() const { return opts_.uid ? *opts_.uid : static_cast<long>(::getuid()); }

const std::vector<PasswdEntry>& System::pinned_passwd() const {
  std::call_once(caches_->passwd_once, [this] {
    int err = 0;
    if (auto text = read_file(*opts_.passwd_file, &err)) {
      std::istringstream in(*text);
      std::string line;
      while (std::getline(in, line)) {
        auto f = split_colon(line);
        if (f.size() < 7 || f[0].empty() || f[0][0] == '#') continue;
        PasswdEntry e;
        e.name = f[0];
        e.uid = parse_atoi(f[2]);
        e.gid = parse_atoi(f[3]);
        e.gecos = f[4];
        e.dir = f[5];
        e.shell = f[6];
        caches_->passwd.push_back(std::move(e));
      }
    }
  });
  return caches_->passwd;
}

std::optional<PasswdEntry> System::user_by_name(std::string_view name) const {
  if (opts_.passwd_file) {
    for (const auto& e : pinned_passwd())
      if (e.name == name) return e;
    return std::nullopt;
  }
  std::string n(name);
  struct passwd pw {};
  struct passwd* res = nullptr;
  char buf[4096];
  if (::getpwnam_r(n.c_str(), &pw, buf, sizeof buf, &res) != 0 || !res) return std::nullopt;
  return PasswdEntry{pw.pw_name, static_cast<long>(pw.pw_uid), static_cast<long>(pw.pw_gid),
                     pw.pw_gecos ? pw.pw_gecos : "", pw.pw_dir ? pw.pw_dir : "",
                     pw.pw_shell ? pw.pw_shell : ""};
}

std::vector<PasswdEntry> System::all_users() const {
  if (opts_.passwd_file) return pinned_passwd();
  std::vector<PasswdEntry> out;
  ::setpwent();
  while (struct passwd* pw = ::getpwent()) {
    out.push_back(PasswdEntry{pw->pw_name, static_cast<long>(pw->pw_uid), static_cast<long>(pw->pw_gid),
                              pw->pw_gecos ? pw->pw_gecos : "", pw->pw_dir ? pw->pw_dir : "",
                              pw->pw_shell ? pw->pw_shell : ""});
  }
  ::endpwent();
  return out;
}

std::optional<PasswdEntry> System::user_by_uid(long uid) const {
  if (opts_.passwd_file) {
    for (const auto& e : pinned_passwd())
      if (e.uid == uid) return e;
    return std::nullopt;
  }
  struct passwd pw {};
  struct passwd* res = nullptr;
  char buf[4096];
  if (::getpwuid_r(static_cast<uid_t>(uid), &pw, buf, sizeof buf, &res) != 0 || !res) return std::nullopt;
  return PasswdEntry{pw.pw_name, static_cast<long>(pw.pw_uid), static_cast<long>(pw.pw_gid),
                     pw.pw_gecos ? pw.pw_gecos : "", pw.pw_dir ? pw.pw_dir : "",
                     pw.pw_shell ? pw.pw_shell : ""};
}

std::optional<long> System::group_by_name(std::string_view name) const {
  if (opts_.group_file) {
    std::call_once(caches_->groups_once, [this] {
      int err = 0;
      if (auto text = read_file(*opts_.group_file, &err)) {
        std::istringstream in(*text);
        std::string line;
        while (std::getline(in, line)) {
          auto f = split_colon(line);
          if (f.size() < 3 || f[0].empty() || f[0][0] == '#') continue;
          caches_->groups.emplace_back(f[0], parse_atoi(f[2]));
        }
      }
    });
    for (const auto& g : caches_->groups)
      if (g.first == name) return g.second;
    return std::nullopt;
  }
  std::string n(name);
  struct group gr {};
  struct group* res = nullptr;
  char buf[8192];
  if (::getgrnam_r(n.c_str(), &gr, buf, sizeof buf, &res) != 0 || !res) return std::nullopt;
  return static_cast<long>(gr.gr_gid);
}

const std::vector<HostEntry>& System::hosts() const {
  std::call_once(caches_->hosts_once, [this] {
    int err = 0;
    auto text = read_file(opts_.hosts_file ? *opts_.hosts_file : std::string("/etc/hosts"), &err);
    if (!text) return;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
      if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
      auto words = split_ws(line);
      if (words.size() < 2) continue;
      HostEntry e;
      e.address = words[0];
      e.names.assign(words.begin() + 1, words.end());
      caches_->hosts.push_back(std::move(e));
    }
  });
  return caches_->hosts;
}

std::optional<HostEntry> System::host_by_name(std::string_view name) const {
  for (const auto& e : hosts())
    for (const auto& n : e.names)
      if (equals_nocase(n, name)) return e;
  return std::nullopt;
}

std::optional<HostEntry> System::host_by_address(std::string_view addr) const {
  for (const auto& e : hosts())
    if (e.address == addr) return e;
  return std::nullopt;
}

}  // namespace smcf
