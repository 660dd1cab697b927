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
  System sys(args.sys);
  Effects effects(args.effects);
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
  setup_queue_directory(cf, sys, rep, out);
  if (rep.exit_status() != exitstat::kOk) {
    out.flush();
    return rep.exit_status();
  }
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
