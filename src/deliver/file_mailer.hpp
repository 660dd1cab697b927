// file_mailer.hpp -- delivery to a file (the *file* mailer, P=[FILE]):
// sendmail 8.17's mailfile().
//
// The message (its UnixFromLine, the headers and body as the *file*
// mailer gets them, and a blank line) is appended to the file in a child
// process that has taken the delivery user's ids, so the file is opened
// with that user's rights: the mailer's U=, else the controlling user of
// the address (an alias's is DefaultUser), else DefaultUser; never root
// unless the caller allows it.  The checks are mailfile()'s: /dev/null
// takes everything; SafeFileEnvironment is a chroot() the file must be
// under; an existing file must not be executable or have other hard
// links (DontBlameSendmail FileDeliveryToHardLink allows links) nor be a
// symbolic link (FileDeliveryToSymLink); a missing one is created with
// FileMode.  The data is fsynced before the file is closed (unless
// SuperSafe=False); a failed write is cut back to the old length.
#pragma once
#include <optional>
#include <string>

namespace smcf::deliver {

struct FileDelivery {
  std::string path;                       // the file as the address names it
  std::string real_path;                  // the same after --remap (what is opened)
  std::string content;                    // the bytes to append
  std::optional<long> uid, gid;           // the delivery user (when smcf is root)
  std::optional<std::string> safe_file_environment;  // SafeFileEnvironment
  unsigned file_mode = 0600;              // FileMode, for a file that is created
  bool fsync = true;                      // SuperSafe is not False
  bool allow_symlink = false;             // DontBlameSendmail FileDeliveryToSymLink
  bool allow_hardlink = false;            // DontBlameSendmail FileDeliveryToHardLink
  long timeout_seconds = 0;               // Timeout.fileopen and the write (0: none)
};

struct FileResult {
  int exit_status = 0;    // sysexits
  std::string message;    // a usrerr line for the transcript ("554 5.3.0 cannot open ...")
};

FileResult deliver_to_file(const FileDelivery& d);

}  // namespace smcf::deliver
