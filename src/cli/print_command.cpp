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
  ReadRequest req;
  int errnum = 0;
  auto text = load_config_text(args.config, false, sys, &req.file_name, &errnum);
  if (!text) {
    rep.set_file(req.file_name);
    rep.set_line(0);
    rep.syserr("cf-cannot-open", "cannot open", errnum);
    return exitstat::kOsFile;
  }
  req.text = std::move(*text);
  req.options = args.options;
  Config cf = read_config(req, sys, rep);
  err.flush();
  Output out(STDOUT_FILENO);
  out.write(print_config(cf));
  out.flush();
  return cf.fatal ? rep.exit_status() : 0;
}

}  // namespace smcf::cli
