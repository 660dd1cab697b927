// defaults.cpp -- sendmail's start-up around readcf(), in sendmail's order
// (main() of sendmail 8.17.1.9 started as `sendmail -bt -C FILE`).
//
// Before the cf: setdefaults() (the {deliveryMode} macro, the built-in
// mailers), initmacros() (metasymbol macros, $n), the op mode, $v, the
// host-name macros and classes, $b and ${load_avg}; then the command-line
// options.  After the cf: the default maps, the start-up warnings, $_, the
// classes m and w, Verbose, the mailer checks, the MIME classes and what
// test mode's main envelope adds.  Each step is where sendmail does it,
// because the order shows: in message order, in the ids long macro names
// get, and in the order class words are entered.
#include "read/defaults.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "read/class_words.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/options.hpp"
#include "read/reader.hpp"

namespace smcf {
namespace {

constexpr std::string_view kVersion = "8.17.1.9";
constexpr std::size_t kHostBufSize = 256;  // main()'s jbuf: MAXHOSTNAMELEN, 256 on Linux builds

// A macro sendmail defines itself: no source position.
void define_builtin(Config& cf, int id, std::string value) {
  cf.macros[static_cast<std::size_t>(id & 0377)] = MacroValue{std::move(value), {}};
}

int long_id(ReadContext& ctx, std::string_view name) { return macro_id_of(name, ctx.cf.macro_names, &ctx.rep); }

// The settings sendmail's variable for `name` went through, in order: a
// command-line setting makes the option sticky, and the cf's settings of
// it are then ignored (the options module marks those).
std::vector<const OptionSetting*> applied_settings(const OptionSettings& o, std::string_view name) {
  std::vector<const OptionSetting*> out;
  for (const auto& s : o.settings)
    if (!s.ignored && equals_nocase(s.name, name)) out.push_back(&s);
  return out;
}

// The option values main() checks after the cf that OptionSettings has no
// typed field for (yet), folded from the recorded settings the way
// setoption() assigns them.
struct PostReadOptions {
  bool super_safe_interactive = false;  // SuperSafe=interactive
  bool host_status_dir = false;         // HostStatusDirectory set (non-empty)
  int connection_cache_size = 1;        // ConnectionCacheSize (MaxMciCache)
  bool single_thread = false;           // SingleThreadDelivery
  std::string mailbox_database = "pw";  // MailboxDatabase
};

PostReadOptions post_read_options(const OptionSettings& o) {
  PostReadOptions p;
  // 'i' is interactive; PostMilter and the booleans are not.
  for (const auto* s : applied_settings(o, "SuperSafe"))
    p.super_safe_interactive = !s->value.empty() && to_lower(static_cast<unsigned char>(s->value[0])) == 'i';
  for (const auto* s : applied_settings(o, "HostStatusDirectory"))
    if (!s->value.empty()) p.host_status_dir = true;
  for (const auto* s : applied_settings(o, "ConnectionCacheSize"))
    p.connection_cache_size = std::max(0, parse_atoi(s->value));
  for (const auto* s : applied_settings(o, "SingleThreadDelivery")) p.single_thread = option_bool(s->value);
  for (const auto* s : applied_settings(o, "MailboxDatabase")) p.mailbox_database = s->value;
  return p;
}

// sm_mbdb_initialize(): the types Debian's build knows, "pw" and "ldap",
// each optionally followed by ".argument" (case matters).
bool mailbox_database_known(std::string_view spec) {
  std::string_view type = spec.substr(0, spec.find('.'));
  return type == "pw" || type == "ldap";
}

std::string expand_macro(ReadContext& ctx, char name) {
  ConfigMacros macros(ctx.cf);
  std::string ref{static_cast<char>(metabyte::kMacroExpand), name};
  return expand(ref, macros, &ctx.rep, kHostBufSize);
}

// initmacros(): the metasymbols are ordinary macros whose values are the
// metacharacters; $0..$9 are the replacement markers.
void init_macros(Config& cf) {
  const std::pair<char, unsigned char> metas[] = {
      {'*', metabyte::kMatchZAny}, {'+', metabyte::kMatchAny},    {'-', metabyte::kMatchOne},
      {'=', metabyte::kMatchClass}, {'~', metabyte::kMatchNClass}, {'#', metabyte::kCanonNet},
      {'@', metabyte::kCanonHost},  {':', metabyte::kCanonUser},   {'>', metabyte::kCallSubr},
      {'?', metabyte::kCondIf},     {'|', metabyte::kCondElse},    {'.', metabyte::kCondFi},
      {'[', metabyte::kHostBegin},  {']', metabyte::kHostEnd},     {'(', metabyte::kLookupBegin},
      {')', metabyte::kLookupEnd},  {'&', metabyte::kMacroDExpand}};
  for (auto [name, byte] : metas) define_builtin(cf, name, std::string(1, static_cast<char>(byte)));
  for (char d = '0'; d <= '9'; ++d) define_builtin(cf, d, std::string{static_cast<char>(metabyte::kMatchRepl), d});
  define_builtin(cf, 'n', "MAILER-DAEMON");
}

// The host-name block of main(): $w $j $m from myhostname(), $k and the
// classes k and w from uname's node name, then the entry's aliases and
// addresses into class w, in that order.
void init_host_names(ReadContext& ctx) {
  Config& cf = ctx.cf;
  startup::MyHostName me = startup::my_host_name(ctx.sys);
  define_builtin(cf, 'w', me.name);
  define_builtin(cf, 'j', me.name);
  cf.classes.add('w', me.name);
  auto dot = me.name.find('.');
  if (dot != std::string::npos && dot + 1 < me.name.size()) define_builtin(cf, 'm', me.name.substr(dot + 1));
  std::string node = ctx.sys.node_name();
  define_builtin(cf, 'k', node);
  cf.classes.add('k', node);
  cf.classes.add('w', node);
  if (!me.entry) return;
  for (const auto& a : me.entry->aliases) cf.classes.add('w', a);
  for (const auto& a : me.entry->addresses) cf.classes.add('w', a);
}

// RealUserName, as main() derives it from the real uid.
std::string real_user_name(const System& sys) {
  long uid = sys.real_uid();
  if (auto pw = sys.user_by_uid(uid)) return pw->name;
  return fmt::format("Unknown UID {}", uid);
}

// The start-up checks between readcf() and the op-mode switch.
void check_options_after_read(ReadContext& ctx, const PostReadOptions& o) {
  if (o.super_safe_interactive && ctx.cf.options.delivery_mode != 'i')
    ctx.rep.plain("startup-supersafe-interactive", Severity::Warning,
                  "WARNING: SuperSafe=interactive should only be used with\n"
                  "         DeliveryMode=interactive");
  if (!mailbox_database_known(o.mailbox_database)) {
    ctx.rep.usrerr("startup-mailbox-database",
                   fmt::format("Can't initialize mailbox database \"{}\": Service unavailable", o.mailbox_database));
    ctx.rep.set_exit_status(exitstat::kUnavailable);
  }
}

void check_host_status(ReadContext& ctx, const PostReadOptions& o) {
  bool hsdir = o.host_status_dir;
  if (hsdir && o.connection_cache_size == 0) {
    hsdir = false;
    ctx.rep.plain("startup-hoststatus-no-cache", Severity::Warning,
                  "Warning: HostStatusDirectory disabled with ConnectionCacheSize = 0");
  }
  if (o.single_thread && !hsdir)
    ctx.rep.plain("startup-singlethread-no-hoststatus", Severity::Warning,
                  "Warning: HostStatusDirectory required for SingleThreadDelivery");
}

// The classes sendmail fills after the cf: MIME handling, and the long-name
// classes whose ids are allocated here, after every name the cf used.
void add_builtin_classes(ReadContext& ctx) {
  ClassTable& c = ctx.cf.classes;
  c.add('n', "multipart/signed");
  c.add('s', "rfc822");
  c.add('e', "7bit");
  c.add('e', "8bit");
  c.add('e', "binary");
  // (class b is only filled in builds with USE_B_CLASS; Debian's has none)
  // sendmail looks the name up again for every word (macid() each time),
  // so a failed allocation is reported once per word, and the word goes
  // to class 0.
  const std::pair<std::string_view, std::string_view> words[] = {
      {"checkMIMEFieldHeaders", "content-disposition"},
      {"checkMIMEFieldHeaders", "content-type"},
      {"checkMIMETextHeaders", "content-description"},
      {"checkMIMEHeaders", "content-disposition"},
      {"checkMIMEHeaders", "content-id"},
      {"checkMIMEHeaders", "content-transfer-encoding"},
      {"checkMIMEHeaders", "content-type"},
      {"checkMIMEHeaders", "mime-version"},
      {"persistentMacros", "r"},
      {"persistentMacros", "s"},
      {"persistentMacros", "_"},
      {"persistentMacros", "{if_addr}"},
      {"persistentMacros", "{daemon_flags}"},
  };
  for (auto [cls, word] : words) c.add(long_id(ctx, cls), word);
}

}  // namespace

void apply_startup_defaults(ReadContext& ctx) {
  Config& cf = ctx.cf;
  // setdefaults(): the delivery mode macro (the first long name), the
  // built-in mailers; initmacros() then binds {opMode}.  load_avg is
  // allocated later (sm_getla() below) but nothing in between allocates.
  init_builtin_macro_names(cf.macro_names);
  // main(): RunAsUid = RealUid = getuid(), so only root may take RunAsUser.
  cf.options.run_as_uid = ctx.sys.real_uid();
  define_builtin(cf, long_id(ctx, "deliveryMode"), std::string(1, cf.options.delivery_mode));
  add_builtin_mailers(ctx);

  init_macros(cf);
  // set_op_mode(): -bt, or sendmail's default (deliver) for other uses.
  define_builtin(cf, long_id(ctx, "opMode"), ctx.test_mode ? "t" : "m");

  // init_vendor_macros() defines nothing on this platform.
  define_builtin(cf, 'v', std::string(kVersion));
  init_host_names(ctx);
  define_builtin(cf, 'b', startup::arpa_date_now());
  define_builtin(cf, long_id(ctx, "load_avg"), std::to_string(startup::load_average(ctx.sys)));
}

void apply_command_line_option(ReadContext& ctx, const CommandLineOption& opt) {
  set_command_line_option(ctx, opt.letter, opt.value);
}

void apply_after_read(ReadContext& ctx) {
  Config& cf = ctx.cf;
  // The end of readcf(): inithostmaps().
  add_default_maps(ctx);

  PostReadOptions opts = post_read_options(cf.options);
  check_options_after_read(ctx, opts);

  // getauthinfo() on test mode's stdin (a terminal, file or pipe, never a
  // socket): the real user at localhost.
  define_builtin(cf, '_', real_user_name(ctx.sys) + "@localhost");

  // $=m from $m as the cf left it.
  if (std::string m = expand_macro(ctx, 'm'); !m.empty()) set_class(cf.classes, 'm', m, &ctx.rep);

  // Interface probing (load_if_names) would add the machine's addresses to
  // $=w; smcf has no interface list, which is what sendmail finds in the
  // pinned environment too (and -ODontProbeInterfaces=true turns it off).

  if (cf.config_level > limits::kMaxConfigLevel)
    ctx.rep.syserr("cf-level-too-high",
                   fmt::format("Warning: .cf version level ({}) exceeds sendmail version {} functionality ({})",
                               cf.config_level, kVersion, limits::kMaxConfigLevel));
  check_host_status(ctx, opts);

  // Test mode always runs verbose; the heuristic that follows then asks for
  // interactive delivery (unless the command line fixed the mode).
  if (ctx.test_mode && cf.options.verbose == 0) cf.options.verbose = 2;
  ctx.rep.set_verbose(cf.options.verbose);
  if (cf.options.verbose != 0) {
    set_option(ctx, 'c', "F", OptionOrigin::Internal);  // NoConnect off
    set_option(ctx, 'd', "", OptionOrigin::Internal);   // interactive delivery
  }

  if (cf.config_level < limits::kMaxConfigLevel)
    ctx.rep.message("cf-level-old",
                    fmt::format("Warning: .cf file is out of date: sendmail {} supports version {}, .cf "
                                "file is version {}",
                                kVersion, limits::kMaxConfigLevel, cf.config_level));

  // MyHostName: $j as the cf left it.
  std::string my_name = expand_macro(ctx, 'j');
  if (my_name.empty()) my_name = "localhost";
  if (my_name.find('.') == std::string::npos)
    ctx.rep.message("startup-host-unqualified",
                    fmt::format("WARNING: local host name ({}) is not qualified; see cf/README: WHO AM I?", my_name));
  set_class(cf.classes, 'w', my_name, &ctx.rep);

  // The built-in mailers' checks ("No local mailer defined") and the
  // flag tweaks for old config levels.
  finish_mailers_after_read(ctx);

  add_builtin_classes(ctx);

  // newenvelope() for the main envelope, then test mode's own macro.  Both
  // allocate their long names here, after everything above; their values
  // belong to the main envelope, i.e. to the test-mode session's own macro
  // layer (testmode/session.cpp), not to the config.
  long_id(ctx, "quarantine");
  if (ctx.test_mode) long_id(ctx, "addr_type");
}

}  // namespace smcf
