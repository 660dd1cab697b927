// safe_file.cpp -- directory-path, existence and file-type checks for map
// files (see safe_file.hpp).
#include "maps/safe_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "base/diag.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"

namespace smcf::maps {

SafeFileChecks map_file_checks(const Config& cf) {
  SafeFileChecks c;
  for (const auto& f : cf.options.dont_blame_flags) {
    if (f == "mapinunsafedirpath") c.dir_path = false;
    if (f == "groupwritabledirpathsafe") c.group_writable_dirs_ok = true;
  }
  return c;
}

std::string safe_file_error_text(int err) {
  switch (err) {
    case kNotRegular: return "Regular files only";
    case kWorldWritableDir: return "World writable directory";
    case kGroupWritableDir: return "Group writable directory";
    default: return std::strerror(err);
  }
}

SafeFileResult check_map_file(const System& sys, std::string_view path, SafeFileChecks checks) {
  std::string real = sys.real_path(path);
  auto fail = [](int e) { return SafeFileResult{e, safe_file_error_text(e)}; };
  if (checks.dir_path && real == path) {
    // Each directory from the root down to the file's own.
    for (std::size_t slash = real.find('/'); slash != std::string::npos; slash = real.find('/', slash + 1)) {
      std::string dir = slash == 0 ? std::string("/") : real.substr(0, slash);
      struct stat st {};
      if (::stat(dir.c_str(), &st) != 0) return fail(errno);
      if (st.st_mode & S_IWOTH) return fail(kWorldWritableDir);
      if ((st.st_mode & S_IWGRP) && !checks.group_writable_dirs_ok) return fail(kGroupWritableDir);
    }
  }
  struct stat st {};
  if (::stat(real.c_str(), &st) != 0) return fail(errno);
  if (checks.regular_only && !S_ISREG(st.st_mode)) return fail(kNotRegular);
  return SafeFileResult{};
}

void syserr_errno(Reporter& rep, std::string_view id, std::string_view text, int err) {
  if (err >= 0) {
    rep.syserr(id, text, err);
    return;
  }
  int before = rep.exit_status();
  std::string t(text);
  t += ": ";
  t += safe_file_error_text(err);
  rep.syserr(id, t);
  if (before == exitstat::kOk) rep.set_exit_status(exitstat::kOsErr);
}

}  // namespace smcf::maps
