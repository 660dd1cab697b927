// reader.cpp -- the cf reader's main loop and the simple line types
// (V D C T P E S); the other line types have their own files
// (line_handlers.hpp).
#include "read/reader.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "grammar/cf_lines.hpp"
#include "host/system.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "read/cf_lines.hpp"
#include "read/class_words.hpp"
#include "read/context.hpp"
#include "read/defaults.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/preprocess.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {
namespace {

void unknown_line(ReadContext& ctx, std::string_view bp) {
  ctx.rep.syserr("cf-unknown-line", fmt::format("unknown configuration line \"{}\"", bp));
}

// V: configuration level and vendor.
void read_version_line(ReadContext& ctx, std::string_view rest) {
  grammar::VersionLine v;
  if (!grammar::parse_version_line(rest, v)) {
    ctx.rep.syserr("cf-bad-version", fmt::format("invalid argument to V line: \"{}\"", rest.substr(0, 20)));
    return;
  }
  // strtol's value, stored in an int as sendmail does.
  ctx.cf.config_level = static_cast<int>(parse_long(v.digits, nullptr, 10));
  ctx.cf.version_pos = ctx.pos();
  if (ctx.cf.config_level >= 5) {
    // Level 5 configs have the short host name in $w.
    if (const std::string* w = ctx.macro('w')) {
      auto dot = w->find('.');
      // Not a cf definition: printing the config must not hard-wire it.
      if (dot != std::string::npos) ctx.cf.macros['w'] = MacroValue{w->substr(0, dot), {}};
    }
  }
  if (ctx.cf.config_level >= 6) ctx.cf.options.colon_ok_in_addr = false;
  if (v.vendor) {
    if (equals_nocase(*v.vendor, "Berkeley"))
      ctx.cf.vendor = "Berkeley";
    else
      ctx.rep.syserr("cf-bad-vendor", fmt::format("invalid V line vendor code: \"{}\"", *v.vendor));
  }
}

// D: macro definition.
void read_define_line(ReadContext& ctx, std::string_view rest) {
  MacroIdResult id = parse_macro_id(rest, ctx.cf.macro_names, &ctx.rep);
  if (id.id == 0) return;
  Munched m = munch_string(rest.substr(id.consumed), '\0');
  ctx.mailer_state.munch.store(m.value);
  ctx.define_macro(id.id, std::move(m.value));
}

// C: words (macro-expanded) into a class.
void read_class_line(ReadContext& ctx, std::string_view rest) {
  MacroIdResult id = parse_macro_id(rest, ctx.cf.macro_names, &ctx.rep);
  if (id.id == 0) return;
  ConfigMacros macros(ctx.cf);
  set_class_words(ctx.cf.classes, id.id, expand(rest.substr(id.consumed), macros, &ctx.rep), &ctx.rep,
                  ctx.rep.line(), 'C');
}

// T: trusted users (class t, words not expanded).
void read_trusted_line(ReadContext& ctx, std::string_view rest) {
  set_class_words(ctx.cf.classes, 't', rest, &ctx.rep, ctx.rep.line(), 'T');
  ctx.cf.trusted_users.emplace_back(rest);
}

// P: precedence.
bool read_precedence_line(ReadContext& ctx, std::string_view rest) {
  if (ctx.cf.precedences.size() >= limits::kMaxPriorities) {
    ctx.rep.syserr("cf-too-many-precedences", fmt::format("too many P lines, {} max", limits::kMaxPriorities));
    return true;
  }
  grammar::PrecedenceLine p;
  if (!grammar::parse_precedence_line(rest, p)) return false;
  ctx.cf.precedences.push_back(Precedence{p.name, parse_atoi(p.value), ctx.pos()});
  return true;
}

// E: environment for child processes.
void read_env_line(ReadContext& ctx, std::string_view rest) {
  EnvSetting e;
  auto eq = rest.find('=');
  if (eq == std::string_view::npos) {
    e.name = std::string(rest);
  } else {
    e.name = std::string(rest.substr(0, eq));
    e.value = std::string(rest.substr(eq + 1));
  }
  e.pos = ctx.pos();
  ctx.cf.environment.push_back(std::move(e));
}

}  // namespace

// S: select (and create) a ruleset.
void read_ruleset_line(ReadContext& ctx, std::string_view rest) {
  ConfigMacros macros(ctx.cf);
  std::string name = expand(rest, macros, &ctx.rep);
  RulesetRef r = parse_ruleset(name, RulesetLookup::Enter, ctx.cf, &ctx.rep);
  ctx.current_ruleset = r.number;
  if (r.number < 0) return;
  Ruleset& rs = ctx.cf.rulesets[static_cast<std::size_t>(r.number)];
  if (!rs.defined) {
    rs.defined = true;
    rs.number = r.number;
    rs.pos = ctx.pos();
  }
  if (!rs.rules.empty() && ctx.test_mode)
    ctx.rep.plain("cf-ruleset-redefined", Severity::Warning,
                  fmt::format("WARNING: Ruleset {} has multiple definitions", rest));
}

Config read_config(const ReadRequest& req, const System& sys, Reporter& rep) {
  Config cf;
  cf.file_name = req.file_name;
  ReadContext ctx(cf, rep, sys);
  ctx.test_mode = req.test_mode;
  ctx.config_given = req.config_given;
  ctx.symbolic_macros = req.symbolic_macros;

  apply_startup_defaults(ctx);
  for (const auto& o : req.options) apply_command_line_option(ctx, o);
  if (cf.fatal) return cf;

  rep.set_file(req.file_name);
  rep.set_line(0);
  CfLineReader lines(req.text);
  while (auto ll = lines.next()) {
    rep.set_line(ll->line_number);
    std::string_view raw = c_str_view(ll->text);
    if (!raw.empty() && raw[0] == '#') continue;
    std::string bp = translate_dollars(raw, cf.config_level, cf.macro_names, &rep);
    if (bp.empty()) continue;
    std::string_view line = bp;
    std::string_view rest = line.substr(1);
    switch (line[0]) {
      case '#': break;
      case 'R': read_rule_line(ctx, line); break;
      case 'S': read_ruleset_line(ctx, rest); break;
      case 'D': read_define_line(ctx, rest); break;
      case 'H': read_header_line(ctx, rest); break;
      case 'C': read_class_line(ctx, rest); break;
      case 'T': read_trusted_line(ctx, rest); break;
      case 'F': read_class_file_line(ctx, rest); break;
      case 'M': read_mailer_line(ctx, rest); break;
      case 'O':
        read_option_line(ctx, rest.empty() ? 0 : static_cast<unsigned char>(rest[0]),
                         rest.empty() ? rest : rest.substr(1));
        break;
      case 'P':
        if (!read_precedence_line(ctx, rest)) unknown_line(ctx, line);
        break;
      case 'Q': read_queue_line(ctx, rest); break;
      case 'V': read_version_line(ctx, rest); break;
      case 'K': {
        ConfigMacros macros(cf);
        read_map_line(ctx, expand(rest, macros, &rep));
        break;
      }
      case 'E': read_env_line(ctx, rest); break;
      case 'X': read_milter_line(ctx, rest); break;
      default: unknown_line(ctx, line); break;
    }
    if (cf.fatal) break;
  }
  rep.set_file(std::nullopt);
  if (!cf.fatal) apply_after_read(ctx);
  cf.diagnostics = rep.diagnostics();
  cf.exit_status = rep.exit_status();
  return cf;
}

}  // namespace smcf
