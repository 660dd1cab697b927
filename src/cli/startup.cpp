// startup.cpp -- start-up steps shared by the modes that leave test mode
// (see startup.hpp).
#include "cli/startup.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"

namespace smcf::cli {
namespace {

// 0, or the errno of stat()ing a directory the way chdir() would fail.
int directory_error(const System& sys, const std::string& path) {
  struct stat st {};
  if (::stat(sys.real_path(path).c_str(), &st) != 0) return errno;
  return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

}  // namespace

std::string setup_queue_directory(const Config& cf, const System& sys, Reporter& rep, Output& out) {
  // setup_queues(): the queue directory must exist (sendmail chdir()s there).
  std::string cwd = "/";
  const std::string qdir = cf.options.queue_directory.value_or("");
  if (qdir.empty()) {
    rep.syserr("queue-directory-unset", "QueueDirectory (Q) option must be set");
    rep.set_exit_status(exitstat::kConfig);
  } else {
    std::string base = qdir;
    if (base.back() == '*') {
      auto slash = base.rfind('/');
      base = slash == std::string::npos ? std::string() : base.substr(0, slash + 1);
    } else if (base.back() != '/') {
      base.push_back('/');
    }
    if (base.empty()) {
      rep.syserr("queue-directory-wildcard",
                 fmt::format("QueueDirectory: can not wildcard relative path \"{}\"", qdir));
      rep.set_exit_status(exitstat::kConfig);
    } else if (int err = directory_error(sys, base); err != 0) {
      rep.syserr("queue-directory-chdir", fmt::format("can not chdir({})", base), err);
      if (err == EACCES) {
        // sendmail writes this to stderr, unbuffered: ahead of what stdout
        // still holds.
        std::fputs("Program mode requires special privileges, e.g., root or TrustedUser.\n", stderr);
        std::fflush(stderr);
      }
      rep.set_exit_status(exitstat::kConfig);
    } else {
      cwd = base;
    }
  }

  // The host status directory, relative to where sendmail now is.
  auto hsdir = option_value(cf.options, "HostStatusDirectory");
  auto ccsize = option_value(cf.options, "ConnectionCacheSize");
  if (hsdir && !hsdir->empty() && !(ccsize && parse_atoi(*ccsize) == 0)) {
    std::string path = (*hsdir)[0] == '/' ? *hsdir : cwd + *hsdir;
    if (int err = directory_error(sys, path); err != 0)
      out.write(fmt::format("Warning: Cannot use HostStatusDirectory = {}: {}\n", *hsdir, std::strerror(err)));
  }
  return cwd;
}


DeliveryProcess::DeliveryProcess(const TestModeArgs& args)
    : sys(args.sys), effects(args.effects), out(STDOUT_FILENO), rep(&out) {
  rep.set_recording(false);
}

std::optional<LoadedConfigFile> load_for_delivery(const TestModeArgs& args, const System& sys, Reporter& rep,
                                                  Output& out, int* exit_status, bool queue) {
  LoadedConfigFile loaded = load_config(config_request(args, image::ReadMode::Deliver), sys, rep);
  print_load_warnings(loaded);
  switch (loaded.status) {
    case LoadedConfigFile::Status::CannotOpen:
      report_cannot_open(rep, loaded);
      out.flush();
      *exit_status = exitstat::kOsFile;
      return std::nullopt;
    case LoadedConfigFile::Status::BadImage:
      out.flush();
      *exit_status = refuse_image(loaded);
      return std::nullopt;
    case LoadedConfigFile::Status::Stopped:
      out.flush();
      *exit_status = rep.exit_status();
      return std::nullopt;
    case LoadedConfigFile::Status::Loaded:
      break;
  }
  if (queue) setup_queue_directory(loaded.config->ir(), sys, rep, out);
  if (rep.exit_status() != exitstat::kOk) {
    out.flush();
    *exit_status = rep.exit_status();
    return std::nullopt;
  }
  return loaded;
}

}  // namespace smcf::cli
