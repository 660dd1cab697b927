// newaliases_command.cpp -- see newaliases_command.hpp.  main() for
// MD_INITALIAS: read the cf outside test mode, refuse a real user that is
// not in class t, then Verbose=2 (every message is printed) and
// rebuildaliases() for each alias map.
#include "cli/newaliases_command.hpp"

#include <unistd.h>

#include "address/sender.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "cli/startup.hpp"
#include "engine/compiled.hpp"
#include "envelope/alias_rebuild.hpp"
#include "envelope/runtime.hpp"

namespace smcf::cli {

int newaliases_command(const TestModeArgs& args) {
  DeliveryProcess proc(args);
  Output& out = proc.out;
  Reporter& rep = proc.rep;
  int status = exitstat::kOk;
  std::optional<LoadedConfigFile> loaded_or = load_for_delivery(args, proc.sys, rep, out, &status, false);
  if (!loaded_or) return status;
  const LoadedConfigFile& loaded = *loaded_or;
  System& sys = proc.sys;
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
  status = envelope::rebuild_aliases(rt);
  out.flush();
  return status;
}

}  // namespace smcf::cli
