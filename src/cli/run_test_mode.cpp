// run_test_mode.cpp -- `smcf -bt`.
#include "cli/run_test_mode.hpp"

#include <unistd.h>

#include <memory>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "testmode/session.hpp"

extern const unsigned char smcf_default_cf[];
extern const std::size_t smcf_default_cf_size;

namespace smcf::cli {

std::optional<std::string> load_config_text(const std::optional<std::string>& path, bool bundled,
                                            const System& sys, std::string* display_name, int* err) {
  if (path && !bundled) {
    *display_name = *path;
    return sys.read_file(*path, err);
  }
  const std::string system_cf = "/etc/mail/sendmail.cf";
  if (!bundled && sys.file_exists(system_cf)) {
    *display_name = system_cf;
    return sys.read_file(system_cf, err);
  }
  *display_name = "(smcf bundled default.cf)";
  return std::string(reinterpret_cast<const char*>(smcf_default_cf), smcf_default_cf_size);
}

int run_test_mode(const TestModeArgs& args) {
  System sys(args.sys);
  Output out(STDOUT_FILENO);
  Reporter rep(&out);
  rep.set_recording(false);

  ReadRequest req;
  int err = 0;
  auto text = load_config_text(args.config, args.bundled, sys, &req.file_name, &err);
  if (!text) {
    rep.set_file(req.file_name);
    rep.set_line(0);
    rep.syserr("cf-cannot-open", "cannot open", err);
    out.flush();
    return exitstat::kOsFile;
  }
  req.text = std::move(*text);
  req.test_mode = true;
  req.options = args.options;
  Config cf = read_config(req, sys, rep);
  if (cf.fatal) {
    out.flush();
    return rep.exit_status();
  }
  auto cc = std::make_shared<const CompiledConfig>(std::move(cf));
  TestSession session(cc, sys, out, rep);
  if (args.verbose) session.set_verbose(1);
  return session.run(STDIN_FILENO);
}

}  // namespace smcf::cli
