// safe_file.hpp -- the part of sendmail's safefile() checks that smcf
// reproduces before it opens a map file or a socket-map socket:
//   - every directory above the file must not be group or world writable
//     ("Group writable directory", "World writable directory"), unless
//     DontBlameSendmail says MapInUnsafeDirPath (or GroupWritableDirPathSafe
//     for group write), as sendmail's SFF_SAFEDIRPATH;
//   - the file must exist, and be a regular file where required
//     ("Regular files only").
// A path the System remaps stands for a file of the machine the cf was made
// for: only the file itself is checked, not the directories it really is
// in.  Ownership checks (sendmail runs as root) are not reproduced.
#pragma once
#include <string>
#include <string_view>

namespace smcf {
struct Config;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::maps {

struct SafeFileResult {
  int error = 0;          // 0: usable; else an errno value or one of the codes below
  std::string message;    // sendmail's sm_errstring() text for error
};

// sendmail's own error codes (E_SM_*), distinct from errno values.
inline constexpr int kNotRegular = -2;          // E_SM_REGONLY
inline constexpr int kWorldWritableDir = -3;    // E_SM_WWDIR
inline constexpr int kGroupWritableDir = -4;    // E_SM_GWDIR

struct SafeFileChecks {
  bool dir_path = true;               // SFF_SAFEDIRPATH
  bool group_writable_dirs_ok = false;
  bool regular_only = true;           // SFF_REGONLY
};

// The checks for map files under the config's DontBlameSendmail.
SafeFileChecks map_file_checks(const Config& cf);

// Checks `path` (as written in the cf; the System remaps it).
SafeFileResult check_map_file(const System& sys, std::string_view path, SafeFileChecks checks = {});

// The text of an error code (strerror() for errno values).
std::string safe_file_error_text(int err);

// syserr() while errno holds `err` (an errno value or a code above): the
// text gets ": " + the error text, and the exit status becomes 71 as
// sendmail's does when errno is set.
void syserr_errno(Reporter& rep, std::string_view id, std::string_view text, int err);

}  // namespace smcf::maps
