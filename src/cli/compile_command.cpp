// compile_command.cpp -- `smcf compile` (see compile_command.hpp).
//
// The cf is read as -bt reads it, as -bv reads it and as -bv -v reads it
// (image/image_compiler.hpp); the three configs go into one image, which is
// read back and checked before it is written.  What -bt would print at
// start-up is shown on stderr.
#include "cli/compile_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "base/diag.hpp"
#include "host/system.hpp"
#include "image/image_compiler.hpp"
#include "image/image_reader.hpp"
#include "read/reader.hpp"

extern const unsigned char smcf_default_cf[];
extern const std::size_t smcf_default_cf_size;

namespace smcf::cli {
namespace {

constexpr const char* kUsage =
    "usage: smcf compile [pinning options] [-O Name=value]... FILE.cf -o FILE.cfc\n"
    "       smcf compile [pinning options] [-O Name=value]... --bundled-config -o FILE.cfc\n"
    "pinning options: --hostname NAME --hosts-file PATH --passwd-file PATH --group-file PATH\n"
    "                 --uid N --no-dns --nameserver A.B.C.D[:PORT] --remap FROM=TO (repeatable)\n";

struct CompileArgs {
  std::optional<std::string> input;
  std::optional<std::string> output;
  bool bundled = false;
  std::vector<CommandLineOption> options;
  SystemOptions sys;
};

// 0, or the exit status for a usage error (the message is printed).
int parse(const std::vector<std::string>& args, CompileArgs& c) {
  auto usage_error = [](const char* fmt, const std::string& what) {
    std::fprintf(stderr, fmt, what.c_str());
    std::fputs(kUsage, stderr);
    return exitstat::kUsage;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool missing = false;
    // --name=value or --name value
    auto long_value = [&](const char* name) -> std::optional<std::string> {
      std::string n = name;
      if (a == n) {
        if (i + 1 < args.size()) return args[++i];
        missing = true;
        return std::nullopt;
      }
      if (a.compare(0, n.size() + 1, n + "=") == 0) return a.substr(n.size() + 1);
      return std::nullopt;
    };
    // -Xvalue or -X value
    auto short_value = [&]() -> std::optional<std::string> {
      if (a.size() > 2) return a.substr(2);
      if (i + 1 < args.size()) return args[++i];
      missing = true;
      return std::nullopt;
    };
    std::optional<std::string> v;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return -1;
    } else if ((v = long_value("--hostname"))) {
      c.sys.host_name = *v;
    } else if ((v = long_value("--hosts-file"))) {
      c.sys.hosts_file = *v;
    } else if ((v = long_value("--passwd-file"))) {
      c.sys.passwd_file = *v;
    } else if ((v = long_value("--group-file"))) {
      c.sys.group_file = *v;
    } else if ((v = long_value("--uid"))) {
      char* end = nullptr;
      long uid = std::strtol(v->c_str(), &end, 10);
      if (end == v->c_str() || *end != '\0') return usage_error("smcf compile: --uid needs a number, not %s\n", *v);
      c.sys.uid = uid;
    } else if (a == "--no-dns") {
      c.sys.no_dns = true;
    } else if ((v = long_value("--nameserver"))) {
      c.sys.nameservers.push_back(*v);
    } else if (a == "--bundled-config") {
      c.bundled = true;
    } else if ((v = long_value("--remap"))) {
      auto eq = v->find('=');
      if (eq == std::string::npos) return usage_error("smcf compile: --remap needs FROM=TO, not %s\n", *v);
      c.sys.remap.emplace_back(v->substr(0, eq), v->substr(eq + 1));
    } else if (a.compare(0, 2, "-O") == 0) {
      if ((v = short_value())) c.options.push_back({' ', *v});
    } else if (a.compare(0, 2, "-o") == 0) {
      if ((v = short_value())) c.output = *v;
    } else if (!a.empty() && a[0] == '-') {
      return usage_error("smcf compile: unknown option %s\n", a);
    } else if (c.input) {
      return usage_error("smcf compile: more than one input file (%s)\n", a);
    } else {
      c.input = a;
    }
    if (missing) return usage_error("smcf compile: %s needs a value\n", a);
  }
  if (!c.output) return usage_error("smcf compile: no output file (-o FILE.cfc)%s\n", "");
  if (c.input.has_value() == c.bundled) return usage_error("smcf compile: give one FILE.cf (or --bundled-config)%s\n", "");
  return 0;
}

}  // namespace

int compile_command(const std::vector<std::string>& args) {
  CompileArgs c;
  if (int st = parse(args, c); st != 0) return st < 0 ? 0 : st;
  System sys(c.sys);

  image::CompileSource src;
  src.options = c.options;
  if (c.bundled) {
    src.name = "(smcf bundled default.cf)";
    src.given = false;
    src.text.assign(reinterpret_cast<const char*>(smcf_default_cf), smcf_default_cf_size);
  } else {
    src.name = *c.input;
    int err = 0;
    auto t = sys.read_file(src.name, &err);
    if (!t) {
      std::fprintf(stderr, "smcf compile: cannot open %s: %s\n", src.name.c_str(), std::strerror(err));
      return exitstat::kNoInput;
    }
    src.text = std::move(*t);
    if (image::looks_like_image(src.text)) {
      std::fprintf(stderr, "smcf compile: %s is a compiled image already\n", src.name.c_str());
      return exitstat::kDataErr;
    }
    src.real_path = sys.real_path(src.name);
  }

  image::ImageInput in = image::read_for_image(src, sys);
  const image::VariantInput& bt = in.variants.front();
  std::fwrite(bt.printed.data(), 1, bt.printed.size(), stderr);
  if (bt.fatal) {
    std::fprintf(stderr, "smcf compile: %s: reading stopped at a fatal error; no image written\n",
                 src.name.c_str());
    return bt.exit_status != 0 ? bt.exit_status : exitstat::kConfig;
  }
  std::string error;
  std::string bytes = image::build_image(in, &error);
  if (bytes.empty()) {
    std::fprintf(stderr, "smcf compile: %s: %s\n", c.output->c_str(), error.c_str());
    return exitstat::kSoftware;
  }
  if (std::string bad = image::verify_image(bytes, in); !bad.empty()) {
    std::fprintf(stderr, "smcf compile: internal error: the image does not read back: %s\n", bad.c_str());
    return exitstat::kSoftware;
  }
  if (!image::write_image_file(*c.output, bytes, &error)) {
    std::fprintf(stderr, "smcf compile: %s\n", error.c_str());
    return exitstat::kCantCreat;
  }
  return exitstat::kOk;
}

}  // namespace smcf::cli
