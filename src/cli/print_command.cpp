// print_command.cpp -- `smcf print` (see print_command.hpp).
//
// The normal print shows the config as sendmail holds it after reading,
// which includes the reading machine's identity wherever the cf's R lines
// name a macro ($j, $w, $m are expanded while reading).  --symbolic reads
// the text again with those references kept as written, so two configs
// made from one .mc on different machines print alike (docs/testing.md).
#include "cli/print_command.hpp"

#include <unistd.h>

#include <cstdio>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "print/cf_printer.hpp"

namespace smcf::cli {
namespace {

// The symbolic reading: the cf text through the reader alone (an image has
// no text to read again).  Reading messages go to stderr as usual.
int print_symbolic(const PrintArgs& args, const LoadedConfigFile& loaded, const System& sys) {
  if (loaded.from_image) {
    std::fprintf(stderr, "smcf print: --symbolic needs the cf text; %s is a compiled image\n", args.file.c_str());
    return exitstat::kDataErr;
  }
  int err = 0;
  auto text = sys.read_file(args.file, &err);
  if (!text) {
    std::fprintf(stderr, "smcf print: cannot read %s\n", args.file.c_str());
    return exitstat::kNoInput;
  }
  ReadRequest req;
  req.file_name = args.file;
  req.text = std::move(*text);
  req.options = args.common.options;
  req.symbolic_macros = true;
  Reporter quiet(nullptr);  // the first reading has shown its messages
  quiet.set_recording(false);
  Config cf = read_config(req, sys, quiet);
  Output out(STDOUT_FILENO);
  out.write(print_config(cf));
  out.flush();
  return exitstat::kOk;
}

}  // namespace

int print_command(const PrintArgs& args) {
  System sys(args.common.sys);
  Output err(STDERR_FILENO);
  Reporter rep(&err);
  rep.set_recording(false);
  TestModeArgs t = args.common;
  t.config = args.file;
  ConfigRequest req = config_request(t, image::ReadMode::TestMode);
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
  if (args.symbolic) {
    int st = print_symbolic(args, loaded, sys);
    if (st != exitstat::kOk) return st;
  } else {
    Output out(STDOUT_FILENO);
    out.write(print_config(loaded.config->ir_with_rule_tokens()));  // (an image keeps them apart)
    out.flush();
  }
  return loaded.status == LoadedConfigFile::Status::Stopped ? rep.exit_status() : 0;
}

}  // namespace smcf::cli
