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
#include "cli/startup.hpp"
#include "verify/verify_report.hpp"

namespace smcf::cli {
namespace {

// finis(): a temporary failure is not an error for the caller.
int finish(Output& out, int status) {
  out.flush();
  return status == exitstat::kTempFail ? exitstat::kOk : status;
}

// The start-up steps between readcf() and the recipients.
void startup_checks(const Config& cf, const System& sys, Reporter& rep, Output& out) {
  // Without root, verification can miss what only root may read.
  long euid = sys.real_uid();
  if (euid == 0 && cf.options.run_as_uid != 0) euid = cf.options.run_as_uid;
  if (euid != 0) out.write("Notice: -bv may give misleading output for non-privileged user\n");
  setup_queue_directory(cf, sys, rep, out);
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
