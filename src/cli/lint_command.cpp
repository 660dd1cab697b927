// lint_command.cpp -- the `smcf lint` subcommand (options: cli_app.cpp):
// reading the files, printing in the chosen format, the exit status.
//
// DNS is never queried (sendmail's start-up would only use it for the host
// name); the other machine facts are the local ones unless pinned with the
// same options as `smcf -bt` (--hostname, --hosts-file, --passwd-file,
// --group-file, --uid, --remap).
#include "cli/lint_command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "image/image_reader.hpp"
#include "lint/linter.hpp"
#include "lint/report.hpp"
#include "tools/address_corpus.hpp"

namespace smcf::cli {

int lint_command(const LintArgs& args) {
  lint::LintOptions opts;
  opts.sys = args.sys;
  opts.options = args.options;
  const std::string& format = args.format;
  const bool werror = args.werror;
  const std::vector<std::string>& files = args.files;

  std::vector<lint::LintedFile> linted;
  bool unreadable = false;
  for (const auto& path : files) {
    int err = 0;
    auto text = tools::read_whole_file(path, &err);
    if (!text) {
      std::fprintf(stderr, "smcf lint: cannot open %s: %s\n", path.c_str(), std::strerror(err));
      unreadable = true;
      continue;
    }
    std::string name = path == "-" ? "<stdin>" : path;
    if (image::looks_like_image(*text)) {
      std::fprintf(stderr, "smcf lint: %s is a compiled image (smcf compile); lint the .cf it was made from\n",
                   name.c_str());
      unreadable = true;
      continue;
    }
    lint::LintedFile f{name, *text, lint::lint_text(name, *text, opts)};
    linted.push_back(std::move(f));
  }

  std::string out = format == "json"    ? lint::format_json(linted)
                    : format == "sarif" ? lint::format_sarif(linted)
                                        : lint::format_text(linted);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);

  bool errors = unreadable, warnings = false;
  for (const auto& f : linted)
    for (const auto& d : f.findings) {
      errors = errors || d.severity == Severity::Error;
      warnings = warnings || d.severity == Severity::Warning;
    }
  if (errors) return 2;
  if (warnings && werror) return 1;
  return 0;
}

}  // namespace smcf::cli
