// defaults.cpp -- sendmail's start-up around readcf(), in sendmail's order.
#include "read/defaults.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "macro/macro_id.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/reader.hpp"

namespace smcf {
namespace {

void define(ReadContext& ctx, int id, std::string value) {
  ctx.cf.macros[static_cast<std::size_t>(id & 0377)] = MacroValue{std::move(value), {}};
}

}  // namespace

void apply_startup_defaults(ReadContext& ctx) {
  Config& cf = ctx.cf;
  init_builtin_macro_names(cf.macro_names);

  // The metasymbols are ordinary macros whose values are the metacharacters.
  const std::pair<char, unsigned char> metas[] = {
      {'*', metabyte::kMatchZAny}, {'+', metabyte::kMatchAny},    {'-', metabyte::kMatchOne},
      {'=', metabyte::kMatchClass}, {'~', metabyte::kMatchNClass}, {'#', metabyte::kCanonNet},
      {'@', metabyte::kCanonHost},  {':', metabyte::kCanonUser},   {'>', metabyte::kCallSubr},
      {'?', metabyte::kCondIf},     {'|', metabyte::kCondElse},    {'.', metabyte::kCondFi},
      {'[', metabyte::kHostBegin},  {']', metabyte::kHostEnd},     {'(', metabyte::kLookupBegin},
      {')', metabyte::kLookupEnd},  {'&', metabyte::kMacroDExpand}};
  for (auto [name, byte] : metas) define(ctx, name, std::string(1, static_cast<char>(byte)));
  for (char d = '0'; d <= '9'; ++d) {
    std::string v(1, static_cast<char>(metabyte::kMatchRepl));
    v.push_back(d);
    define(ctx, d, v);
  }
  define(ctx, 'n', "MAILER-DAEMON");
  define(ctx, 'v', "8.17.1.9");

  // Host identity.
  std::string host = ctx.sys.host_name();
  std::string canonical = host;
  std::vector<std::string> aliases;
  std::vector<std::string> addresses;
  if (auto h = ctx.sys.host_by_name(host)) {
    canonical = h->names.front();
    aliases.assign(h->names.begin() + 1, h->names.end());
    addresses.push_back(h->address);
  }
  if (!canonical.empty()) {
    define(ctx, 'w', canonical);
    define(ctx, 'j', canonical);
    cf.classes.add('w', canonical);
    auto dot = canonical.find('.');
    if (dot != std::string::npos && dot + 1 < canonical.size()) define(ctx, 'm', canonical.substr(dot + 1));
    std::string node = ctx.sys.node_name();
    define(ctx, 'k', node);
    cf.classes.add('k', node);
    cf.classes.add('w', node);
  }
  for (const auto& a : aliases) cf.classes.add('w', a);
  for (const auto& a : addresses)
    if (a.find(':') == std::string::npos) cf.classes.add('w', "[" + a + "]");
}

void apply_command_line_option(ReadContext& ctx, const CommandLineOption& opt) {
  set_command_line_option(ctx, opt.letter, opt.value);
}

void apply_after_read(ReadContext& ctx) {
  Config& cf = ctx.cf;
  if (cf.config_level > 10) {
    ctx.rep.syserr("cf-level-too-high",
                   fmt::format("Warning: .cf version level ({}) exceeds sendmail version 8.17.1.9 functionality (10)",
                               cf.config_level));
  } else if (cf.config_level < 10) {
    ctx.rep.message("cf-level-old",
                    fmt::format("Warning: .cf file is out of date: sendmail 8.17.1.9 supports version 10, .cf "
                                "file is version {}",
                                cf.config_level));
  }
}

}  // namespace smcf
