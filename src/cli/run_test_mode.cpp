// run_test_mode.cpp -- `smcf -bt`.
#include "cli/run_test_mode.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "testmode/session.hpp"

namespace smcf::cli {

ConfigRequest config_request(const TestModeArgs& args, image::ReadMode mode) {
  ConfigRequest req;
  req.path = args.config;
  req.bundled = args.bundled;
  req.mode = mode;
  req.options = args.options;
  return req;
}

void print_load_warnings(const LoadedConfigFile& loaded) {
  for (const auto& w : loaded.warnings) std::fprintf(stderr, "smcf: warning: %s\n", w.c_str());
}

void report_cannot_open(Reporter& rep, const LoadedConfigFile& loaded) {
  rep.set_file(loaded.name);
  rep.set_line(0);
  rep.syserr("cf-cannot-open", "cannot open", loaded.errnum);
}

int refuse_image(const LoadedConfigFile& loaded) {
  std::fprintf(stderr, "smcf: %s: %s\n", loaded.name.c_str(), loaded.error.c_str());
  return exitstat::kConfig;
}

int run_test_mode(const TestModeArgs& args) {
  System sys(args.sys);
  Output out(STDOUT_FILENO);
  Reporter rep(&out);
  rep.set_recording(false);

  LoadedConfigFile loaded = load_config(config_request(args, image::ReadMode::TestMode), sys, rep);
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
  TestSession session(loaded.config, sys, out, rep);
  if (args.verbose) session.set_verbose(1);
  return session.run(STDIN_FILENO);
}

}  // namespace smcf::cli
