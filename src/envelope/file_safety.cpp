// file_safety.cpp -- safedirpath() and safefile() for :include: and
// .forward files (see file_safety.hpp).
#include "envelope/file_safety.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "host/system.hpp"

namespace smcf::envelope {

std::string error_text(int err) {
  switch (err) {
    case esm::kOpenTimeout: return "Timeout on file open";
    case esm::kNoSymlink: return "Symbolic links not allowed";
    case esm::kNoHardlink: return "Hard links not allowed";
    case esm::kRegularOnly: return "Regular files only";
    case esm::kIsExec: return "Executable files not allowed";
    case esm::kWorldWritableDir: return "World writable directory";
    case esm::kGroupWritableDir: return "Group writable directory";
    case esm::kFileChanged: return "File changed after open";
    case esm::kWorldWritableFile: return "World writable file";
    case esm::kGroupWritableFile: return "Group writable file";
    default: return std::strerror(err);
  }
}

bool transient_error(int err) {
  switch (err) {
    case EIO: case ENXIO: case EAGAIN: case ENOMEM: case ENODEV: case ENFILE: case EMFILE:
    case ENOSPC: case ETIMEDOUT: case ESTALE: case ENETDOWN: case ENETUNREACH: case ENETRESET:
    case ECONNABORTED: case ECONNRESET: case ENOBUFS: case ESHUTDOWN: case ECONNREFUSED:
    case EHOSTDOWN: case EHOSTUNREACH: case EDQUOT: case EUSERS: case EDEADLK: case EISCONN:
    case esm::kOpenTimeout:
      return true;
    default:
      return false;
  }
}

int safe_dir_path(const System& sys, std::string_view dir, bool group_writable_ok, bool trust_sticky) {
  const std::string path = dir.empty() ? std::string("/") : std::string(dir);
  if (sys.real_path(path) != path) return 0;  // the pinned machine's directories are safe
  // Each directory from the root down to `dir` itself.
  std::vector<std::string> dirs{"/"};
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
    dirs.push_back(path.substr(0, slash));
  if (path != "/") dirs.push_back(path);
  for (const std::string& d : dirs) {
    struct stat st {};
    if (::stat(d.c_str(), &st) != 0) return errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    // A sticky directory is trusted as a whole when TrustStickyBit says so.
    if ((st.st_mode & S_ISVTX) && trust_sticky) continue;
    if (st.st_mode & S_IWOTH) return esm::kWorldWritableDir;
    if ((st.st_mode & S_IWGRP) && !group_writable_ok) return esm::kGroupWritableDir;
  }
  return 0;
}

int safe_file(const System& sys, std::string_view path, const SafeFileRequest& req, FileInfo* info) {
  const std::string real = sys.real_path(path);
  const bool remapped = real != path;
  if (req.path_check) {
    std::string_view p = path;
    std::size_t slash = p.rfind('/');
    if (slash != std::string_view::npos) {
      int r = safe_dir_path(sys, p.substr(0, slash), req.group_writable_dirs_ok, req.trust_sticky);
      if (r != 0) return r;
    }
  }
  struct stat st {};
  if ((req.no_symlink ? ::lstat(real.c_str(), &st) : ::stat(real.c_str(), &st)) != 0) return errno;
  if (req.no_symlink && S_ISLNK(st.st_mode)) return esm::kNoSymlink;
  if (req.no_hardlink && S_ISREG(st.st_mode) && st.st_nlink != 1 && !remapped) return esm::kNoHardlink;
  if (req.regular_only && !S_ISREG(st.st_mode)) return esm::kRegularOnly;
  if (req.no_group_writable && (st.st_mode & S_IWGRP)) return esm::kGroupWritableFile;
  if (req.no_world_writable && (st.st_mode & S_IWOTH)) return esm::kWorldWritableFile;

  FileInfo fi;
  fi.uid = remapped ? 0 : static_cast<long>(st.st_uid);
  fi.gid = remapped ? 0 : static_cast<long>(st.st_gid);
  fi.mode = st.st_mode;
  if (info) *info = fi;

  if (req.must_own && fi.uid != req.uid && !(req.root_ok && fi.uid == 0)) return EPERM;
  if (req.uid == 0) return 0;
  mode_t need = fi.uid == req.uid ? S_IRUSR : fi.gid == req.gid ? S_IRGRP : S_IROTH;
  return (fi.mode & need) ? 0 : EACCES;
}

}  // namespace smcf::envelope
