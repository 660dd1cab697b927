// verify_command.cpp -- `smcf -bv`: sendmail's main() for MD_VERIFY.
//
// After the config is read (outside test mode) come the start-up steps
// sendmail takes only outside test mode -- the notice for a non-root
// effective user, the queue directory, the host status directory -- and
// any error so far ends the run.  Then the sender is set to the invoking
// user, each argument is processed as a recipient list, and sendall()
// reports what is deliverable.  Everything is printed on stdout, in
// sendmail's order; the exit status is sendmail's (a temporary failure
// exits 0, as finis() does).
#include "cli/verify_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "verify/verify_report.hpp"

namespace smcf::cli {
namespace {

// finis(): a temporary failure is not an error for the caller.
int finish(Output& out, int status) {
  out.flush();
  return status == exitstat::kTempFail ? exitstat::kOk : status;
}

// 0, or the errno of stat()ing a directory the way chdir() would fail.
int directory_error(const System& sys, const std::string& path) {
  struct stat st {};
  if (::stat(sys.real_path(path).c_str(), &st) != 0) return errno;
  return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

std::optional<std::string> option_value(const Config& cf, std::string_view name) {
  std::optional<std::string> v;
  for (const auto& s : cf.options.settings)
    if (!s.ignored && equals_nocase(s.name, name)) v = s.value;
  return v;
}

// The start-up steps between readcf() and the recipients.  Returns the
// working directory sendmail ends up in.
std::string startup_checks(const Config& cf, const System& sys, Reporter& rep, Output& out) {
  // Without root, verification can miss what only root may read.
  long euid = sys.real_uid();
  if (euid == 0 && cf.options.run_as_uid != 0) euid = cf.options.run_as_uid;
  if (euid != 0) out.write("Notice: -bv may give misleading output for non-privileged user\n");

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
  auto hsdir = option_value(cf, "HostStatusDirectory");
  auto ccsize = option_value(cf, "ConnectionCacheSize");
  if (hsdir && !hsdir->empty() && !(ccsize && parse_atoi(*ccsize) == 0)) {
    std::string path = (*hsdir)[0] == '/' ? *hsdir : cwd + *hsdir;
    if (int err = directory_error(sys, path); err != 0)
      out.write(fmt::format("Warning: Cannot use HostStatusDirectory = {}: {}\n", *hsdir, std::strerror(err)));
  }
  return cwd;
}

}  // namespace

int verify_command(const TestModeArgs& args) {
  System sys(args.sys);
  Output out(STDOUT_FILENO);
  Reporter rep(&out);
  rep.set_recording(false);

  LoadedConfigFile loaded = load_config(
      config_request(args, args.verbose ? image::ReadMode::DeliverVerbose : image::ReadMode::Deliver), sys, rep);
  print_load_warnings(loaded);
  switch (loaded.status) {
    case LoadedConfigFile::Status::CannotOpen:
      report_cannot_open(rep, loaded);
      return finish(out, exitstat::kOsFile);
    case LoadedConfigFile::Status::BadImage:
      out.flush();
      return refuse_image(loaded);
    case LoadedConfigFile::Status::Stopped:
      return finish(out, rep.exit_status());
    case LoadedConfigFile::Status::Loaded:
      break;
  }
  startup_checks(loaded.config->ir(), sys, rep, out);
  if (rep.exit_status() != exitstat::kOk) return finish(out, rep.exit_status());

  std::shared_ptr<const CompiledConfig> cc = loaded.config;
  envelope::Runtime rt(cc, sys, rep);
  // set_op_mode(MD_VERIFY).  (The reader, told only "not test mode", made
  // it "m" for the config's own expansions.)
  rt.define_long("opMode", "v");
  envelope::RecipientList list(rt);

  // setsender(NULL): the invoking user.
  SenderEnv senv;
  senv.sys = &sys;
  senv.real_name = invoking_user_name(sys, rep);
  EnvelopeState envelope;
  ParsedAddress from = set_sender(rt.ctx(), senv.real_name, senv, envelope);
  list.set_sender(from, envelope.from_printable);

  if (args.addresses.empty()) {
    rep.set_current_address(std::nullopt);
    rep.usrerr("verify-no-recipients", "Recipient names must be specified");
    return finish(out, exitstat::kUsage);
  }

  list.send_to_argv(args.addresses);
  if (rep.error_count() > 0 && rep.exit_status() == exitstat::kOk) rep.set_exit_status(exitstat::kUsage);
  rep.set_current_address(std::nullopt);
  verify::report_deliverable(list, senv);
  return finish(out, rep.exit_status());
}

}  // namespace smcf::cli
