// file_safety.hpp -- the checks sendmail makes before it reads a :include:
// or .forward file (safedirpath() and safefile() for reading): directory
// writability, file type and mode, ownership, read permission.
//
// A path the System remaps stands for a file of the machine the config was
// made for: its directories are taken as safe and the file as owned by
// root (uid 0, gid 0) with the mode bits it really has -- which is what the
// pinned environment of the goldens gives them.  Other paths are checked
// as they are.
#pragma once
#include <string>
#include <string_view>
#include <sys/types.h>

namespace smcf {
class System;
}

namespace smcf::envelope {

// sendmail's pseudo error numbers (E_SM_*), above every errno value.
namespace esm {
inline constexpr int kBase = 512;
inline constexpr int kOpenTimeout = kBase + 0;
inline constexpr int kNoSymlink = kBase + 1;
inline constexpr int kNoHardlink = kBase + 2;
inline constexpr int kRegularOnly = kBase + 3;
inline constexpr int kIsExec = kBase + 4;
inline constexpr int kWorldWritableDir = kBase + 5;
inline constexpr int kGroupWritableDir = kBase + 6;
inline constexpr int kFileChanged = kBase + 7;
inline constexpr int kWorldWritableFile = kBase + 8;
inline constexpr int kGroupWritableFile = kBase + 9;
}  // namespace esm

// sm_errstring(): strerror() or the text of a pseudo error.
std::string error_text(int err);

// sendmail's transienterror(): errors worth trying again later.
bool transient_error(int err);

struct FileInfo {
  long uid = 0;
  long gid = 0;
  mode_t mode = 0;
};

struct SafeFileRequest {
  long uid = 0;  // the user the file is read as
  long gid = 0;
  bool path_check = true;       // !SFF_NOPATHCHECK: check the directories too
  bool group_writable_dirs_ok = false;
  bool trust_sticky = false;    // DontBlameSendmail TrustStickyBit
  bool no_symlink = false;      // SFF_NOSLINK
  bool no_hardlink = false;     // SFF_NOHLINK
  bool regular_only = true;     // SFF_REGONLY
  bool no_group_writable = false;  // SFF_NOGWFILES
  bool no_world_writable = false;  // SFF_NOWWFILES
  bool must_own = false;        // SFF_MUSTOWN
  bool root_ok = false;         // SFF_ROOTOK
};

// safedirpath(): 0 when every directory of `dir` is safe, else the error.
int safe_dir_path(const System& sys, std::string_view dir, bool group_writable_ok, bool trust_sticky);

// safefile(path, ..., S_IREAD): 0 when the file may be read; *info gets
// its owner and mode.
int safe_file(const System& sys, std::string_view path, const SafeFileRequest& req, FileInfo* info);

}  // namespace smcf::envelope
