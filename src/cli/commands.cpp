// commands.cpp -- the smcf command line.
//
//   smcf -bt [-C FILE] [-d...] [-O Name=value] [-oXvalue] [-Mxvalue] [-v]
//        [--hostname H] [--hosts-file F] [--passwd-file F] [--group-file F]
//        [--uid N] [--no-dns] [--nameserver A.B.C.D[:PORT]] [--remap FROM=TO]...
//   smcf print FILE
//   smcf lint [--format=text|json|sarif] [--werror] FILE...   (docs/lint.md)
//   smcf compile [pinning options] [-O Name=value]... FILE.cf -o FILE.cfc
//                                                               (docs/compile.md)
//
// Wherever a config is read (-C, print FILE, resolve), a compiled image made
// by `smcf compile` may stand in for the cf text; it is recognised by its
// magic bytes, not by its name.
//
// The -b/-C/-O/-o/-d/-M/-v flags follow sendmail's getopt conventions (an
// option's argument may be attached or the next word); the long options pin
// the machine's identity (docs/hermetic.md).
#include "cli/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "cli/compile_command.hpp"
#include "cli/lint_command.hpp"
#include "cli/print_command.hpp"
#include "cli/queue_command.hpp"
#include "cli/run_queue_command.hpp"
#include "cli/run_test_mode.hpp"
#include "cli/submit_command.hpp"
#include "cli/resolve_command.hpp"
#include "cli/verify_command.hpp"

namespace smcf::cli {
namespace {

void usage() {
  std::fputs(
      "usage: smcf -bt [-C file] [-O Name=value] [-oXvalue] [-Mxvalue] [-d...] [-v] [pinning options]\n"
      "       smcf resolve [-C file] [--rulesets LIST] [--threads N] [pinning options] < addresses\n"
      "       smcf -bv [-C file] [-O Name=value] [-oXvalue] [-v] [pinning options] address...\n"
      "       smcf [-bm] [-C file] [-f sender] [-F name] [-t] [-i] [-odq] [-B type] recipient... < message   (also as sendmail)\n"
      "       smcf -q[f] [-qI<id>] [-qR<rcpt>] [-qS<sender>] [-q<time>] [-C file] [-v]   (queue run)\n"
      "       smcf -bp [-C file] [-O Name=value] [-v] [--format=text|json] [pinning options]   (also as mailq)\n"
      "       smcf print [pinning options] FILE\n"
      "       smcf lint [--format=text|json|sarif] [--werror] [pinning options] FILE...\n"
      "       smcf compile [pinning options] [-O Name=value]... FILE.cf -o FILE.cfc\n"
      "-C FILE and print FILE also take a compiled image (FILE.cfc) made by smcf compile\n"
      "pinning options: --hostname NAME --hosts-file PATH --passwd-file PATH --group-file PATH\n"
      "                 --uid N --no-dns --nameserver A.B.C.D[:PORT] --remap FROM=TO (repeatable)\n"
      "                 --pin-time SECONDS --pin-pid N --pin-random N --pin-load-average N --pin-processors N\n",
      stderr);
}

// A whole decimal number, or nullopt (the caller reports a usage error).
std::optional<long> whole_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return v;
}

}  // namespace

int run(int argc, char** argv) {
  auto bad_number = [](const char* option, const std::string& text) {
    std::fprintf(stderr, "smcf: %s needs a whole number, not \"%s\"\n", option, text.c_str());
    return 64;
  };
  std::vector<std::string> args(argv + 1, argv + argc);
  TestModeArgs t;
  bool have_mode = false;
  bool verify_mode = false;
  bool list_mode = false;
  bool submit_mode = false;
  bool queue_mode = false;
  QueueRunArgs qrun;
  SubmitArgs sub;
  bool print_mode = false;
  bool resolve_mode = false;
  ResolveArgs r;
  // Called as mailq, sendmail lists the queue (main.c: MD_PRINT).
  if (argc > 0) {
    std::string_view name = argv[0];
    auto slash = name.rfind('/');
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    if (name == "mailq") {
      have_mode = true;
      list_mode = true;
    } else if (name == "sendmail") {
      have_mode = true;
      submit_mode = true;
    }
  }
  if (!args.empty() && args[0] == "lint") return lint_command({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "compile") return compile_command({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "print") {
    print_mode = true;
    args.erase(args.begin());
  } else if (!args.empty() && args[0] == "resolve") {
    resolve_mode = true;
    args.erase(args.begin());
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::size_t skip) -> std::optional<std::string> {
      if (a.size() > skip) return a.substr(skip);
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    auto long_value = [&](const char* name) -> std::optional<std::string> {
      std::string n = name;
      if (a == n) {
        if (i + 1 < args.size()) return args[++i];
        return std::nullopt;
      }
      if (a.compare(0, n.size() + 1, n + "=") == 0) return a.substr(n.size() + 1);
      return std::nullopt;
    };
    if (a.rfind("--", 0) == 0) {
      std::optional<std::string> v;
      if ((v = long_value("--hostname"))) t.sys.host_name = *v;
      else if ((v = long_value("--hosts-file"))) t.sys.hosts_file = *v;
      else if ((v = long_value("--passwd-file"))) t.sys.passwd_file = *v;
      else if ((v = long_value("--group-file"))) t.sys.group_file = *v;
      else if ((v = long_value("--uid"))) {
        if (!(t.sys.uid = whole_number(*v))) return bad_number("--uid", *v);
      }
      else if (a == "--no-dns") t.sys.no_dns = true;
      else if ((v = long_value("--nameserver"))) t.sys.nameservers.push_back(*v);
      else if (a == "--bundled-config") t.bundled = true;
      else if ((v = long_value("--pin-time"))) {
        auto n = whole_number(*v);
        if (!n) return bad_number("--pin-time", *v);
        t.effects.now = *n;
      }
      else if ((v = long_value("--pin-pid"))) {
        auto n = whole_number(*v);
        if (!n) return bad_number("--pin-pid", *v);
        t.effects.pid = *n;
      }
      else if ((v = long_value("--pin-random"))) {
        auto n = whole_number(*v);
        if (!n || *n < 0) return bad_number("--pin-random", *v);
        t.effects.random = static_cast<unsigned>(*n);
      }
      else if ((v = long_value("--pin-load-average"))) {
        auto n = whole_number(*v);
        if (!n) return bad_number("--pin-load-average", *v);
        t.effects.load_average = static_cast<int>(*n);
      }
      else if ((v = long_value("--pin-processors"))) {
        auto n = whole_number(*v);
        if (!n) return bad_number("--pin-processors", *v);
        t.effects.processors = static_cast<int>(*n);
      }
      else if ((v = long_value("--format"))) t.format = *v;
      else if (resolve_mode && (v = long_value("--rulesets"))) r.rulesets = *v;
      else if (resolve_mode && (v = long_value("--threads"))) r.threads = std::max(1, std::atoi(v->c_str()));
      else if ((v = long_value("--remap"))) {
        auto eq = v->find('=');
        if (eq == std::string::npos) {
          std::fprintf(stderr, "smcf: --remap needs FROM=TO\n");
          return 64;
        }
        t.sys.remap.emplace_back(v->substr(0, eq), v->substr(eq + 1));
      } else {
        std::fprintf(stderr, "smcf: unknown option %s\n", a.c_str());
        usage();
        return 64;
      }
      continue;
    }
    if (a.size() < 2 || a[0] != '-') {
      t.addresses.push_back(a);
      continue;
    }
    switch (a[1]) {
      case 'b': {
        auto v = value(2);
        if (!v || (*v != "t" && *v != "v" && *v != "p" && *v != "m")) {
          std::fprintf(stderr, "smcf: only -bt, -bv, -bp and -bm are supported\n");
          return 64;
        }
        have_mode = true;
        verify_mode = *v == "v";
        list_mode = *v == "p";
        submit_mode = *v == "m";
        break;
      }
      case 'C': {
        auto v = value(2);
        if (!v) { usage(); return 64; }
        t.config = *v;
        break;
      }
      case 'O': {
        auto v = value(2);
        if (!v) { usage(); return 64; }
        t.options.push_back({' ', *v});
        break;
      }
      case 'o': {
        auto v = value(2);
        if (!v || v->empty()) { usage(); return 64; }
        t.options.push_back({static_cast<unsigned char>((*v)[0]), v->substr(1)});
        break;
      }
      case 'M': {
        auto v = value(2);
        if (!v) { usage(); return 64; }
        // main.c hands -M to setoption() as option M (define a macro),
        // sticky, in command-line order with -o and -O.
        t.macros.push_back(*v);
        t.options.push_back({'M', *v});
        break;
      }
      case 'q': {
        if (!parse_queue_flag(a.substr(2), qrun)) {
          std::fprintf(stderr, "smcf: %s: not a queue run flag (-q, -qf, -qI<id>, -qR<rcpt>, -qS<sender>, -q<time>)\n",
                       a.c_str());
          return 64;
        }
        have_mode = queue_mode = true;
        break;
      }
      case 'f':
      case 'r': {
        auto v = value(2);
        if (!v) { usage(); return 64; }
        sub.sender = *v;
        break;
      }
      case 'F': {
        auto v = value(2);
        if (!v) { usage(); return 64; }
        sub.full_name = *v;
        break;
      }
      case 'B': {
        auto v = value(2);
        if (!v || (!equals_nocase(*v, "7bit") && !equals_nocase(*v, "8bitmime"))) {
          std::fprintf(stderr, "smcf: -B must be 7BIT or 8BITMIME\n");
          return 64;
        }
        sub.body_type = *v;
        break;
      }
      case 't':
        if (a.size() != 2) {
          std::fprintf(stderr, "smcf: unknown option %s\n", a.c_str());
          return 64;
        }
        sub.from_headers = true;
        break;
      case 'i':
        if (a.size() != 2) {
          std::fprintf(stderr, "smcf: unknown option %s\n", a.c_str());
          return 64;
        }
        t.options.push_back({'i', ""});
        break;
      case 'N':
      case 'R':
      case 'V': {
        auto v = value(2);
        if (!v) { usage(); return 64; }
        if (a[1] == 'N') sub.notify = *v;
        else if (a[1] == 'R') sub.ret.push_back(*v);
        else sub.envid = *v;
        break;
      }
      case 'd':
        if (a.size() == 2 && i + 1 < args.size() && args[i + 1][0] != '-') ++i;
        break;  // debug flags are accepted and ignored
      case 'v':
        t.verbose = true;
        break;
      default:
        std::fprintf(stderr, "smcf: unknown option %s\n", a.c_str());
        usage();
        return 64;
    }
  }
  if (resolve_mode) {
    r.common = t;
    return resolve_command(r);
  }
  if (print_mode) {
    if (t.addresses.size() != 1) {
      usage();
      return 64;
    }
    t.config = t.addresses.front();
    return print_command(t);
  }
  // Without a -b flag sendmail delivers mail (-bm) to the arguments.
  bool submit_flags = sub.sender || sub.full_name || sub.body_type || sub.from_headers || sub.notify ||
                      !sub.ret.empty() || sub.envid;
  if (!have_mode && (!t.addresses.empty() || submit_flags)) submit_mode = have_mode = true;
  if (!have_mode) {
    usage();
    return 64;
  }
  if (queue_mode) {
    qrun.common = t;
    return run_queue_command(qrun);
  }
  if (submit_mode) {
    sub.common = t;
    return submit_command(sub);
  }
  if (list_mode) return list_queue_command(t);
  if (verify_mode) return verify_command(t);
  return run_test_mode(t);
}

}  // namespace smcf::cli
