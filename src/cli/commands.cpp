// commands.cpp -- the smcf command line: sendmail's own flags, and the
// dispatch to smcf's subcommands (cli_app.cpp, CLI11).
//
//   smcf -bt | -bv | -bp | -q... | [-bm] recipient...   sendmail's modes
//   smcf lint | compile | print | resolve | test | coverage | diff ...
//   smcf --help | --version
//
// Called as sendmail it is sendmail (submission by default), as mailq it
// lists the queue (-bp), as newaliases it rebuilds the alias databases
// (-bi).  Wherever a config is read (-C), a compiled image made by
// `smcf compile` may stand in for the cf text; it is recognised by its
// magic bytes, not by its name.
//
// The -b/-C/-O/-o/-d/-M/-v flags follow sendmail's getopt conventions (an
// option's argument may be attached or the next word); the long options pin
// the machine's identity (docs/hermetic.md).
#include "cli/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "cli/cli_app.hpp"
#include "cli/newaliases_command.hpp"
#include "cli/queue_command.hpp"
#include "cli/run_queue_command.hpp"
#include "cli/run_test_mode.hpp"
#include "cli/smtp_command.hpp"
#include "cli/submit_command.hpp"
#include "cli/verify_command.hpp"
#include "host/process.hpp"

namespace smcf::cli {
namespace {

// One line for a usage error (the full usage is --help's).
int usage_error(const std::string& what) {
  std::fprintf(stderr, "smcf: %s (try smcf --help)\n", what.c_str());
  return exitstat::kUsage;
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
    std::fprintf(stderr, "smcf: %s needs a whole number in range, not \"%s\"\n", option, text.c_str());
    return exitstat::kUsage;
  };
  std::vector<std::string> args(argv + 1, argv + argc);
  TestModeArgs t;
  bool have_mode = false;
  bool verify_mode = false;
  bool list_mode = false;
  bool submit_mode = false;
  bool alias_mode = false;
  bool smtp_mode = false;
  char daemon_mode = '\0';  // 'd' (-bd) or 'D' (-bD)
  bool queue_mode = false;
  QueueRunArgs qrun;
  SubmitArgs sub;
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
    } else if (name == "newaliases") {
      have_mode = true;
      alias_mode = true;
    }
  }
  if (!args.empty() && !have_mode &&
      (is_subcommand(args[0]) || args[0] == "--version" || args[0] == "--help" || args[0] == "-h"))
    return run_subcommand(args);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::size_t skip) -> std::optional<std::string> {
      if (a.size() > skip) return a.substr(skip);
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    bool missing = false;  // a long option given last, without its value
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
        if (!n || *n < 0 || *n > UINT_MAX) return bad_number("--pin-random", *v);
        t.effects.random = static_cast<unsigned>(*n);
      }
      else if ((v = long_value("--pin-load-average"))) {
        auto n = whole_number(*v);
        if (!n || *n < 0 || *n > INT_MAX) return bad_number("--pin-load-average", *v);
        t.effects.load_average = static_cast<int>(*n);
      }
      else if ((v = long_value("--pin-processors"))) {
        auto n = whole_number(*v);
        if (!n || *n < 1 || *n > INT_MAX) return bad_number("--pin-processors", *v);
        t.effects.processors = static_cast<int>(*n);
      }
      else if ((v = long_value("--format"))) {
        if (*v != "text" && *v != "json") {
          return usage_error("--format must be text or json, not \"" + *v + "\"");
        }
        t.format = *v;
      }
      else if (a == "--help") {
        std::fputs(top_usage().c_str(), stdout);
        return exitstat::kOk;
      }
      else if (a == "--version") {
        std::fputs(version_text().c_str(), stdout);
        return exitstat::kOk;
      }
      else if ((v = long_value("--remap"))) {
        auto eq = v->find('=');
        if (eq == std::string::npos) {
          return usage_error("--remap needs FROM=TO, not \"" + *v + "\"");
        }
        t.sys.remap.emplace_back(v->substr(0, eq), v->substr(eq + 1));
      } else {
        return usage_error(missing ? a + " needs a value" : "unknown option " + a);
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
        if (!v || (*v != "t" && *v != "v" && *v != "p" && *v != "m" && *v != "i" && *v != "s" && *v != "d" &&
                   *v != "D")) {
          return usage_error("-b" + v.value_or("") + ": only -bt, -bv, -bp, -bm, -bi, -bs, -bd and -bD are supported");
        }
        have_mode = true;
        verify_mode = *v == "v";
        list_mode = *v == "p";
        submit_mode = *v == "m";
        alias_mode = *v == "i";
        smtp_mode = *v == "s";
        daemon_mode = *v == "d" || *v == "D" ? (*v)[0] : '\0';
        break;
      }
      case 'C': {
        auto v = value(2);
        if (!v) return usage_error(a.substr(0, 2) + " needs a value");
        t.config = *v;
        break;
      }
      case 'O': {
        auto v = value(2);
        if (!v) return usage_error(a.substr(0, 2) + " needs a value");
        t.options.push_back({' ', *v});
        break;
      }
      case 'o': {
        auto v = value(2);
        if (!v || v->empty()) return usage_error("-o needs an option letter and value (-oXvalue)");
        t.options.push_back({static_cast<unsigned char>((*v)[0]), v->substr(1)});
        break;
      }
      case 'M': {
        auto v = value(2);
        if (!v) return usage_error(a.substr(0, 2) + " needs a value");
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
          return exitstat::kUsage;
        }
        have_mode = queue_mode = true;
        break;
      }
      case 'f':
      case 'r': {
        auto v = value(2);
        if (!v) return usage_error(a.substr(0, 2) + " needs a value");
        sub.sender = *v;
        break;
      }
      case 'F': {
        auto v = value(2);
        if (!v) return usage_error(a.substr(0, 2) + " needs a value");
        sub.full_name = *v;
        break;
      }
      case 'B': {
        auto v = value(2);
        if (!v || (!equals_nocase(*v, "7bit") && !equals_nocase(*v, "8bitmime"))) {
          return usage_error("-B must be 7BIT or 8BITMIME, not \"" + v.value_or("") + "\"");
        }
        sub.body_type = *v;
        break;
      }
      case 't':
        if (a.size() != 2) {
          return usage_error("unknown option " + a);
        }
        sub.from_headers = true;
        break;
      case 'i':
        if (a.size() != 2) {
          return usage_error("unknown option " + a);
        }
        t.options.push_back({'i', ""});
        break;
      case 'N':
      case 'R':
      case 'V': {
        auto v = value(2);
        if (!v) return usage_error(a.substr(0, 2) + " needs a value");
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
        return usage_error("unknown option " + a);
    }
  }
  // Without a -b flag sendmail delivers mail (-bm) to the arguments.
  bool submit_flags = sub.sender || sub.full_name || sub.body_type || sub.from_headers || sub.notify ||
                      !sub.ret.empty() || sub.envid;
  if (!have_mode && (!t.addresses.empty() || submit_flags)) submit_mode = have_mode = true;
  if (!have_mode) return usage_error("no mode (-bt, -bv, -bp, -q) and no recipients");
  if (queue_mode && daemon_mode) {
    // -bd -q30m: the daemon, with a queue runner in a process of its own
    // beside it (sendmail forks its queue runners from the daemon).
    qrun.common = t;
    spawn_detached([&] { (void)run_queue_command(qrun); });
    return daemon_command(t, daemon_mode == 'D');
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
  if (alias_mode) return newaliases_command(t);
  if (smtp_mode) return smtp_command(t);
  if (daemon_mode) return daemon_command(t, daemon_mode == 'D');
  if (verify_mode) return verify_command(t);
  return run_test_mode(t);
}

}  // namespace smcf::cli
