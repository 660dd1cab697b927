// lint_command.cpp -- the `smcf lint` subcommand: options, reading the
// files, printing in the chosen format, the exit status.
//
// DNS is never queried (sendmail's start-up would only use it for the host
// name); the other machine facts are the local ones unless pinned with the
// same options as `smcf -bt` (--hostname, --hosts-file, --passwd-file,
// --group-file, --uid, --remap).
#include "cli/lint_command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "image/image_reader.hpp"
#include "lint/linter.hpp"
#include "lint/report.hpp"

namespace smcf::cli {
namespace {

constexpr int kExitUsage = 64;

void usage() {
  std::fputs(
      "usage: smcf lint [--format=text|json|sarif] [--werror] [-O Name=value]... [pinning options] FILE...\n"
      "  FILE '-' reads standard input\n"
      "pinning options: --hostname NAME --hosts-file PATH --passwd-file PATH --group-file PATH\n"
      "                 --uid N --remap FROM=TO (repeatable)\n"
      "exit status: 0 clean (warnings allowed), 1 warnings with --werror, 2 errors\n",
      stderr);
}

std::optional<std::string> read_input(const std::string& path, int* err) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = errno;
    return std::nullopt;
  }
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int lint_command(const std::vector<std::string>& args) {
  std::string format = "text";
  bool werror = false;
  lint::LintOptions opts;
  opts.sys.no_dns = true;
  std::vector<std::string> files;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    // --name=value or --name value
    auto long_value = [&](const char* name) -> std::optional<std::string> {
      std::string n = name;
      if (a == n && i + 1 < args.size()) return args[++i];
      if (a.compare(0, n.size() + 1, n + "=") == 0) return a.substr(n.size() + 1);
      return std::nullopt;
    };
    std::optional<std::string> v;
    if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else if (a == "--werror") {
      werror = true;
    } else if ((v = long_value("--format"))) {
      format = *v;
      if (format != "text" && format != "json" && format != "sarif") {
        std::fprintf(stderr, "smcf lint: unknown format %s\n", format.c_str());
        return kExitUsage;
      }
    } else if ((v = long_value("--hostname"))) {
      opts.sys.host_name = *v;
    } else if ((v = long_value("--hosts-file"))) {
      opts.sys.hosts_file = *v;
    } else if ((v = long_value("--passwd-file"))) {
      opts.sys.passwd_file = *v;
    } else if ((v = long_value("--group-file"))) {
      opts.sys.group_file = *v;
    } else if ((v = long_value("--uid"))) {
      char* end = nullptr;
      long uid = std::strtol(v->c_str(), &end, 10);
      if (end == v->c_str() || *end != '\0') {
        std::fprintf(stderr, "smcf lint: --uid needs a number\n");
        return kExitUsage;
      }
      opts.sys.uid = uid;
    } else if ((v = long_value("--remap"))) {
      auto eq = v->find('=');
      if (eq == std::string::npos) {
        std::fprintf(stderr, "smcf lint: --remap needs FROM=TO\n");
        return kExitUsage;
      }
      opts.sys.remap.emplace_back(v->substr(0, eq), v->substr(eq + 1));
    } else if (a == "-O" && i + 1 < args.size()) {
      opts.options.push_back({' ', args[++i]});
    } else if (a.size() > 2 && a.compare(0, 2, "-O") == 0) {
      opts.options.push_back({' ', a.substr(2)});
    } else if (a.size() > 2 && a.compare(0, 2, "-o") == 0) {
      opts.options.push_back({static_cast<unsigned char>(a[2]), a.substr(3)});
    } else if (a == "-" || a.empty() || a[0] != '-') {
      files.push_back(a);
    } else {
      std::fprintf(stderr, "smcf lint: unknown option %s\n", a.c_str());
      usage();
      return kExitUsage;
    }
  }
  if (files.empty()) {
    usage();
    return kExitUsage;
  }

  std::vector<lint::LintedFile> linted;
  bool unreadable = false;
  for (const auto& path : files) {
    int err = 0;
    auto text = read_input(path, &err);
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
