// newaliases_command.cpp -- see newaliases_command.hpp.  main() for
// MD_INITALIAS: read the cf outside test mode, refuse a real user that is
// not in class t, then Verbose=2 (every message is printed) and
// rebuildaliases() for each alias map.
#include "cli/newaliases_command.hpp"

#include <unistd.h>

#include "address/sender.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "envelope/alias_rebuild.hpp"
#include "envelope/runtime.hpp"

namespace smcf::cli {

int newaliases_command(const TestModeArgs& args) {
  System sys(args.sys);
  Output out(STDOUT_FILENO);
  Reporter rep(&out);
  rep.set_recording(false);
  LoadedConfigFile loaded = load_config(config_request(args, image::ReadMode::Deliver), sys, rep);
  print_load_warnings(loaded);
  switch (loaded.status) {
    case LoadedConfigFile::Status::CannotOpen:
      report_cannot_open(rep, loaded);
      out.flush();
      return exitstat::kOsFile;
    case LoadedConfigFile::Status::BadImage:
      out.flush();
      return refuse_image(loaded);
    case LoadedConfigFile::Status::Stopped:
      out.flush();
      return rep.exit_status();
    case LoadedConfigFile::Status::Loaded:
      break;
  }
  const Config& cf = loaded.config->ir();
  std::string user = invoking_user_name(sys, rep);
  if (!cf.classes.contains('t', user)) {
    rep.usrerr("alias-rebuild-untrusted", "Permission denied (real uid not trusted)");
    out.flush();
    return exitstat::kUsage;
  }
  envelope::Runtime rt(loaded.config, sys, rep);
  rt.define_long("opMode", "i");
  rep.set_verbose(2);
  int status = envelope::rebuild_aliases(rt);
  out.flush();
  return status;
}

}  // namespace smcf::cli
