// cli_app.cpp -- the CLI11 definitions of smcf's own subcommands (see
// cli_app.hpp).  This is the only file that includes CLI11: its headers are
// heavy, and one place keeps the option spellings and error format alike.
//
// Errors: CLI11's own messages already name the option and the value
// ("--threads: Value abc not in range 1 to 256", "Could not convert: --uid
// = x"); they are printed as one line, "smcf SUBCOMMAND: MESSAGE", with
// exit status 64 (EX_USAGE), like sendmail's usage errors.
#include "cli/cli_app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>

#include "base/diag.hpp"
#include "base/limits.hpp"
#include "cli/compile_command.hpp"
#include "cli/lint_command.hpp"
#include "cli/print_command.hpp"
#include "cli/resolve_command.hpp"
#include "cli/tool_commands.hpp"

#ifndef SMCF_VERSION
#define SMCF_VERSION "unknown"
#endif

namespace smcf::cli {
namespace {

constexpr const char* kSubcommands[] = {"lint", "compile", "print", "resolve", "test", "coverage", "diff"};

// Which of the pinning options (docs/hermetic.md) a subcommand takes.
enum PinSet : unsigned { kIdentity = 1, kDns = 2 };

void add_pinning(CLI::App& app, SystemOptions& sys, unsigned which) {
  const char* group = "Pinning (docs/hermetic.md)";
  if (which & kIdentity) {
    app.add_option_function<std::string>("--hostname", [&sys](const std::string& v) { sys.host_name = v; },
                                          "pin the host name")->type_name("NAME")->group(group);
    app.add_option_function<std::string>("--hosts-file", [&sys](const std::string& v) { sys.hosts_file = v; },
                                          "read host addresses from PATH instead of /etc/hosts")->type_name("PATH")->group(group);
    app.add_option_function<std::string>("--passwd-file", [&sys](const std::string& v) { sys.passwd_file = v; },
                                          "read users from PATH (passwd(5) format)")->type_name("PATH")->group(group);
    app.add_option_function<std::string>("--group-file", [&sys](const std::string& v) { sys.group_file = v; },
                                          "read groups from PATH (group(5) format)")->type_name("PATH")->group(group);
    app.add_option_function<long>("--uid", [&sys](const long& v) { sys.uid = v; }, "pin the real uid")
        ->type_name("N")
        ->group(group);
    app.add_option_function<std::vector<std::string>>(
           "--remap",
           [&sys](const std::vector<std::string>& all) {
             for (const auto& v : all) {
               auto eq = v.find('=');
               sys.remap.emplace_back(v.substr(0, eq), v.substr(eq + 1));
             }
           },
           "read files under FROM from TO instead (repeatable)")
        ->type_name("FROM=TO")
        ->allow_extra_args(false)
        ->check(CLI::Validator(
            [](std::string& v) { return v.find('=') == std::string::npos ? "needs FROM=TO, not " + v : ""; },
            ""))
        ->group(group);
  }
  if (which & kDns) {
    app.add_flag_callback("--no-dns", [&sys] { sys.no_dns = true; }, "never query DNS")->group(group);
    app.add_option_function<std::vector<std::string>>(
           "--nameserver",
           [&sys](const std::vector<std::string>& all) {
             sys.nameservers.insert(sys.nameservers.end(), all.begin(), all.end());
           },
           "ask this DNS server instead of resolv.conf's (repeatable)")
        ->type_name("A.B.C.D[:PORT]")
        ->allow_extra_args(false)
        ->group(group);
  }
}

// -O Name=value (repeatable) and, where given, -oXvalue.
void add_cf_options(CLI::App& app, std::vector<CommandLineOption>& options, bool old_style) {
  app.add_option_function<std::vector<std::string>>(
      "-O",
      [&options](const std::vector<std::string>& all) {
        for (const auto& v : all) options.push_back({' ', v});
      },
      "set a cf option, as sendmail -O (repeatable)")
      ->type_name("Name=value")
      ->allow_extra_args(false);
  if (!old_style) return;
  app.add_option_function<std::vector<std::string>>(
         "-o",
         [&options](const std::vector<std::string>& all) {
           for (const auto& v : all) options.push_back({static_cast<unsigned char>(v[0]), v.substr(1)});
         },
         "set a cf option by its letter, as sendmail -oXvalue (repeatable)")
      ->type_name("Xvalue")
      ->allow_extra_args(false)
      ->check(CLI::Validator([](std::string& v) { return v.empty() ? std::string("needs a letter") : ""; }, ""));
}

void add_config(CLI::App& app, TestModeArgs& t) {
  app.add_option_function<std::string>("-C,--config", [&t](const std::string& v) { t.config = v; },
                                       "the sendmail.cf (or compiled image) to read")
      ->type_name("FILE");
  app.add_flag("--bundled-config", t.bundled, "read smcf's bundled default config instead");
}

void add_format(CLI::App& app, std::string& format, std::vector<std::string> choices, const char* help) {
  app.add_option("--format", format, help)->check(CLI::IsMember(std::move(choices)));
}

CLI::App* add_lint(CLI::App& top, LintArgs& a) {
  auto* app = top.add_subcommand("lint", "check configs for mistakes sendmail would make or hide (docs/lint.md)");
  add_format(*app, a.format, {"text", "json", "sarif"}, "text (default), json or sarif");
  app->add_flag("--werror", a.werror, "exit 1 when there are warnings");
  add_cf_options(*app, a.options, true);
  add_pinning(*app, a.sys, kIdentity);
  app->add_option("FILE", a.files, "configs to lint ('-' reads standard input)")->required();
  app->footer("exit status: 0 clean (warnings allowed), 1 warnings with --werror, 2 errors");
  return app;
}

CLI::App* add_compile(CLI::App& top, CompileArgs& a) {
  auto* app = top.add_subcommand("compile", "compile a cf into an image that loads faster (docs/compile.md)");
  app->add_option("-o,--output", a.output, "the image to write")->required()->type_name("FILE.cfc");
  app->add_flag("--bundled-config", a.bundled, "compile smcf's bundled default config");
  add_cf_options(*app, a.options, false);
  add_pinning(*app, a.sys, kIdentity | kDns);
  app->add_option_function<std::string>("FILE.cf", [&a](const std::string& v) { a.input = v; }, "the cf to compile");
  return app;
}

CLI::App* add_print(CLI::App& top, PrintArgs& a) {
  auto* app = top.add_subcommand("print", "print a config as sendmail holds it after reading");
  app->add_flag("--symbolic", a.symbolic,
                "keep the cf's own spelling of the macros expanded while reading ($j, $w, ...), so configs "
                "made on different machines print alike");
  add_cf_options(*app, a.common.options, true);
  add_pinning(*app, a.common.sys, kIdentity | kDns);
  app->add_option("FILE", a.file, "the cf or compiled image")->required();
  return app;
}

void add_rulesets(CLI::App& app, std::string& rulesets, const char* help) {
  app.add_option("--rulesets", rulesets, help)->type_name("LIST");
}

CLI::App* add_resolve(CLI::App& top, ResolveArgs& a) {
  auto* app = top.add_subcommand("resolve", "resolve addresses from standard input, one result line each");
  add_config(*app, a.common);
  add_rulesets(*app, a.rulesets, "run these rulesets (test-mode list, e.g. 3,0) instead of parseaddr()");
  app->add_option("--threads", a.threads, "resolve with N threads")
      ->check(CLI::Range(1, static_cast<int>(limits::kResolveThreads)));
  add_cf_options(*app, a.common.options, true);
  add_pinning(*app, a.common.sys, kIdentity | kDns);
  return app;
}

CLI::App* add_test(CLI::App& top, RuleTestArgs& a) {
  auto* app = top.add_subcommand("test", "run ruleset regression tests (.smcftest files, docs/testing.md)");
  add_config(*app, a.common);
  app->add_flag("--update", a.update, "rewrite each file with the current results");
  add_format(*app, a.format, {"text", "tap", "junit"}, "text (default), tap or junit");
  add_cf_options(*app, a.common.options, true);
  add_pinning(*app, a.common.sys, kIdentity | kDns);
  app->add_option("FILE", a.files, "expect files")->required();
  app->footer("exit status: 0 all passed, 1 a test failed, 64 usage, 65 a bad test file, 66/78 config");
  return app;
}

CLI::App* add_coverage(CLI::App& top, CoverageArgs& a) {
  auto* app = top.add_subcommand("coverage", "which rules an address corpus fires, and which it never does");
  add_config(*app, a.common);
  add_rulesets(*app, a.rulesets, "rulesets to run each address through (default 3,0)");
  add_format(*app, a.format, {"text", "json", "annotate"}, "text (default), json, or annotate (the cf with hit counts)");
  add_cf_options(*app, a.common.options, true);
  add_pinning(*app, a.common.sys, kIdentity | kDns);
  app->add_option("ADDRESSES", a.inputs, "address files, one address per line ('-': standard input)")->required();
  return app;
}

CLI::App* add_diff(CLI::App& top, DiffArgs& a) {
  auto* app = top.add_subcommand("diff", "the addresses two configs resolve differently, and where they part");
  add_rulesets(*app, a.rulesets, "rulesets to run each address through (default 3,0)");
  add_format(*app, a.format, {"text", "json"}, "text (default) or json");
  add_cf_options(*app, a.common.options, true);
  add_pinning(*app, a.common.sys, kIdentity | kDns);
  app->add_option("OLD", a.old_config, "the config as it was")->required();
  app->add_option("NEW", a.new_config, "the config as changed")->required();
  app->add_option("ADDRESSES", a.inputs, "address files, one address per line ('-': standard input)")->required();
  app->footer("exit status: 0 no differences, 1 differences, 64 usage, 66/78 config");
  return app;
}

// One line for a parse error: "smcf SUB: MESSAGE".
int usage_error(const CLI::App* failed, const CLI::ParseError& e) {
  std::string who = "smcf";
  if (failed && failed->get_parent()) who += " " + failed->get_name();
  std::string what = e.what();
  // "--threads: 1 required INT:INT in [1 - 256] missing" says the value is
  // missing in CLI11's words; say it plainly.
  if (e.get_name() == "ArgumentMismatch" && what.find(" missing") != std::string::npos) {
    auto colon = what.find(':');
    if (colon != std::string::npos) what = what.substr(0, colon) + " needs a value";
  }
  std::fprintf(stderr, "%s: %s (try --help)\n", who.c_str(), what.c_str());
  return exitstat::kUsage;
}

}  // namespace

bool is_subcommand(std::string_view word) {
  for (const char* s : kSubcommands)
    if (word == s) return true;
  return false;
}

std::string version_text() {
  return fmt::format(
      "smcf {}\n"
      "reproduces sendmail 8.17.1.9: its cf reader and rewriting engine, -bt, -bv, the queue format, -bp\n",
      SMCF_VERSION);
}

std::string top_usage() {
  return "usage: smcf -bt [-C file] [-O Name=value] [-oXvalue] [-Mxvalue] [-d...] [-v] [pinning options]\n"
         "       smcf -bv [-C file] [-O Name=value] [-oXvalue] [-v] [pinning options] address...\n"
         "       smcf [-bm] [-C file] [-f sender] [-F name] [-t] [-i] [-N dsn] [-R full|hdrs] [-V envid]\n"
         "            [-B type] [-odi|-odb|-odq] recipient... < message                 (also as sendmail)\n"
         "       smcf -q[f] [-qI<id>] [-qR<rcpt>] [-qS<sender>] [-q<time>] [-C file] [-v]   (queue run)\n"
         "       smcf -bp [-C file] [-O Name=value] [--format=text|json] [pinning options]  (also as mailq)\n"
         "       smcf -bi [-C file] [-O Name=value] [pinning options]   (rebuild alias databases; also as newaliases)\n"
         "       smcf lint|compile|print|resolve|test|coverage|diff ...   (smcf SUBCOMMAND --help)\n"
         "       smcf --version\n"
         "-C FILE also takes a compiled image (FILE.cfc) made by smcf compile\n"
         "pinning options: --hostname NAME --hosts-file PATH --passwd-file PATH --group-file PATH\n"
         "                 --uid N --no-dns --nameserver A.B.C.D[:PORT] --remap FROM=TO (repeatable)\n"
         "                 --pin-time SECONDS --pin-pid N --pin-random N --pin-load-average N --pin-processors N\n"
         "see smcf(1) (man ./docs/smcf.1)\n";
}

int run_subcommand(const std::vector<std::string>& args) {
  CLI::App top{"smcf: sendmail's cf engine, its test mode and a delivery core", "smcf"};
  std::string version = version_text();
  version.pop_back();  // CLI11 adds the final newline
  top.set_version_flag("--version", version);
  top.require_subcommand(1);
  LintArgs lint;
  CompileArgs compile;
  PrintArgs print;
  ResolveArgs resolve;
  RuleTestArgs test;
  CoverageArgs coverage;
  DiffArgs diff;
  // Subcommands that read no cf text of their own never ask DNS.
  lint.sys.no_dns = true;
  struct Entry {
    CLI::App* app;
    std::function<int()> run;
  };
  const Entry entries[] = {
      {add_lint(top, lint), [&] { return lint_command(lint); }},
      {add_compile(top, compile), [&] { return compile_command(compile); }},
      {add_print(top, print), [&] { return print_command(print); }},
      {add_resolve(top, resolve), [&] { return resolve_command(resolve); }},
      {add_test(top, test), [&] { return rule_test_command(test); }},
      {add_coverage(top, coverage), [&] { return coverage_command(coverage); }},
      {add_diff(top, diff), [&] { return diff_command(diff); }},
  };
  // Set after the subcommands are made, which would otherwise inherit it.
  top.footer("The sendmail-compatible modes (-bt, -bv, -bp, -q, submission):\n" + top_usage());
  // CLI11 wants argv order reversed in a vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    top.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return top.exit(e, std::cout, std::cerr);
  } catch (const CLI::CallForAllHelp& e) {
    return top.exit(e, std::cout, std::cerr);
  } catch (const CLI::CallForVersion& e) {
    return top.exit(e, std::cout, std::cerr);
  } catch (const CLI::ParseError& e) {
    const CLI::App* failed = nullptr;
    for (const auto& entry : entries)
      if (entry.app->parsed()) failed = entry.app;
    return usage_error(failed, e);
  }
  for (const auto& entry : entries)
    if (entry.app->parsed()) return entry.run();
  return exitstat::kUsage;  // require_subcommand(1) makes this unreachable
}

}  // namespace smcf::cli
