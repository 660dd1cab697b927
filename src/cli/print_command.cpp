// print_command.cpp -- `smcf print`.
#include "cli/print_command.hpp"

#include <unistd.h>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "print/cf_printer.hpp"

namespace smcf::cli {

int print_command(const TestModeArgs& args) {
  System sys(args.sys);
  Output err(STDERR_FILENO);
  Reporter rep(&err);
  rep.set_recording(false);
  ConfigRequest req = config_request(args, image::ReadMode::TestMode);
  req.bundled = false;  // FILE is always read
  LoadedConfigFile loaded = load_config(req, sys, rep);
  print_load_warnings(loaded);
  switch (loaded.status) {
    case LoadedConfigFile::Status::CannotOpen:
      report_cannot_open(rep, loaded);
      return exitstat::kOsFile;
    case LoadedConfigFile::Status::BadImage:
      err.flush();
      return refuse_image(loaded);
    case LoadedConfigFile::Status::Stopped:
    case LoadedConfigFile::Status::Loaded:
      break;
  }
  err.flush();
  Output out(STDOUT_FILENO);
  out.write(print_config(loaded.config->ir_with_rule_tokens()));  // (an image keeps them apart)
  out.flush();
  return loaded.status == LoadedConfigFile::Status::Stopped ? rep.exit_status() : 0;
}

}  // namespace smcf::cli
