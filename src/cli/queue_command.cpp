// queue_command.cpp -- `smcf -bp`: sendmail's main() for MD_PRINT.
//
// The config is read as outside test mode, the queue directory is checked
// as setup_queues() checks it (a missing one ends the run with
// "can not chdir(...)" and exit 78), then the listing
// (queue/queue_listing.hpp) goes to stdout.
#include "cli/queue_command.hpp"

#include <unistd.h>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "cli/startup.hpp"
#include "engine/compiled.hpp"
#include "host/effects.hpp"
#include "queue/queue_listing.hpp"

namespace smcf::cli {

int list_queue_command(const TestModeArgs& args) {
  if (args.format != "text" && args.format != "json") {
    std::fprintf(stderr, "smcf: -bp --format must be text or json, not %s\n", args.format.c_str());
    return exitstat::kUsage;
  }
  DeliveryProcess proc(args);
  System& sys = proc.sys;
  Effects& effects = proc.effects;
  Output& out = proc.out;
  Reporter& rep = proc.rep;
  int status = exitstat::kOk;
  std::optional<LoadedConfigFile> loaded_or = load_for_delivery(args, sys, rep, out, &status);
  if (!loaded_or) return status;
  LoadedConfigFile& loaded = *loaded_or;
  const Config& cf = loaded.config->ir();
  queue::ListingOptions opts = queue::listing_options(cf, effects);
  if (args.verbose) opts.verbose = true;
  // The directory as the file system sees it (--remap applies).
  opts.path = sys.real_path(opts.queue_directory);
  if (args.format == "json") out.write(queue::list_queue_json(opts, effects));
  else out.write(queue::list_queue(opts, effects).text);
  out.flush();
  return exitstat::kOk;
}

}  // namespace smcf::cli
