// options.cpp -- O lines and -O/-o: sendmail's setoption().
//
// An option arrives either in long form (`O Name=value`, -O Name=value;
// the option letter is ' ') or as a legacy letter (`OBx`, -oBx).  The long
// name is resolved against the option table (abbreviations allowed), then
// the value is applied: the typed values smcf uses are stored in
// cf.options, every message sendmail prints for a value is reproduced in
// sendmail's order, and every setting is recorded for printing back.
// Elsewhere: time values, Timeout and the network options (timeouts.cpp);
// the option table and the word-list values (option_table.cpp); the
// splitting of a long option (grammar/option_line*.hpp).
#include "read/options.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "grammar/option_line.hpp"
#include "host/system.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/option_table.hpp"

namespace smcf {
namespace {

using namespace optcode;
using namespace option_detail;

// The byte sendmail's "%c" shows for the first byte of a value (NUL for an
// empty value, which ends the message there).
char first_byte(std::string_view v) { return v.empty() ? '\0' : v[0]; }

void define_named_macro(ReadContext& ctx, std::string_view name, std::optional<std::string> value) {
  int id = macro_id_of(name, ctx.cf.macro_names, &ctx.rep);
  if (id <= 0) return;
  if (value)
    ctx.define_macro(id, std::move(*value));
  else
    ctx.cf.macros[static_cast<std::size_t>(id & 0377)].reset();
}

// sendmail's set_delivery_mode(): the mode and the {deliveryMode} macro.
void set_delivery_mode(ReadContext& ctx, char mode) {
  ctx.cf.options.delivery_mode = mode;
  define_named_macro(ctx, "deliveryMode", std::string(1, mode));
}

// Splits "user[.:/]group" at the first separator (sendmail is built
// without _FFR_DOTTED_USERNAMES, so '.' separates too).
std::pair<std::string_view, std::string_view> split_user_group(std::string_view v) {
  auto sep = v.find_first_of("./:");
  if (sep == std::string_view::npos) return {v, {}};
  return {v.substr(0, sep), v.substr(sep + 1)};
}

// The effective group id sendmail would compare RunAsUser's group with.
long effective_gid(const System& sys) {
  long uid = sys.real_uid();
  if (uid == 0) return 0;
  auto pw = sys.user_by_uid(uid);
  return pw ? pw->gid : -1;
}

class OptionApplier {
 public:
  OptionApplier(ReadContext& ctx, const OptionInfo& info, std::string_view val,
                std::optional<std::string_view> sub, bool safe, bool sticky)
      : ctx_(ctx), o_(ctx.cf.options), info_(info), val_(val), sub_(sub), safe_(safe),
        sticky_(sticky) {}

  // Applies the value; returns whether the option is to be stuck.
  bool apply();

 private:
  // munchstring(): the unquoted value; sendmail's one static buffer for it
  // is shared with the mailer reader (see ir/mailer.hpp MunchBufferModel).
  std::string munched(std::string_view v) {
    std::string out = munch_string(v, '\0').value;
    ctx_.mailer_state.munch.store(out);
    return out;
  }
  void syserr(std::string_view id, std::string text, int errnum = 0) {
    ctx_.rep.syserr(id, text, errnum);
  }
  void warn(std::string_view id, std::string text) {
    ctx_.rep.plain(id, Severity::Warning, text);
  }
  void fatal(std::string_view id, std::string text) {
    syserr(id, std::move(text));
    ctx_.rep.set_exit_status(exitstat::kUsage);
    ctx_.cf.fatal = true;
  }
  void eight_bit_mode();
  void delivery_mode();
  void group(unsigned char opt, std::string_view v);
  void default_user();
  void run_as_user();
  void trusted_user();
  void macro_definition();
  void must_quote_chars();
  void operator_chars();
  void alias_files(std::string_view spec);
  void max_mime_header_length();

  ReadContext& ctx_;
  OptionSettings& o_;
  const OptionInfo& info_;
  std::string_view val_;
  std::optional<std::string_view> sub_;
  bool safe_;
  bool sticky_;
};

void OptionApplier::eight_bit_mode() {
  char c = first_byte(val_);
  if (c == 'p' || c == 'm' || c == 's')
    o_.mime_mode = c;
  else
    fatal("option-bad-8bit-mode", fmt::format("Unknown 8-bit mode {}", c));
}

void OptionApplier::delivery_mode() {
  char c = first_byte(val_);
  switch (c) {
    case '\0': set_delivery_mode(ctx_, 'i'); break;
    case 'q': case 'd': case 'i': case 'b': set_delivery_mode(ctx_, c); break;
    default: fatal("option-bad-delivery-mode", fmt::format("Unknown delivery mode {}", c)); break;
  }
}

// Option g, and the group part of option u (`opt` is the letter quoted).
void OptionApplier::group(unsigned char opt, std::string_view v) {
  if (!v.empty() && is_digit(static_cast<unsigned char>(v[0]))) {
    o_.default_gid = parse_atoi(v);
    return;
  }
  o_.default_gid = -1;
  if (auto gid = ctx_.sys.group_by_name(v))
    o_.default_gid = *gid;
  else
    syserr("option-unknown-group", fmt::format("readcf: option {}: unknown group {}", static_cast<char>(opt), v));
}

void OptionApplier::default_user() {
  auto [user, grp] = split_user_group(val_);
  if (!user.empty() && is_digit(static_cast<unsigned char>(user[0]))) {
    o_.default_uid = parse_atoi(user);
    auto pw = ctx_.sys.user_by_uid(*o_.default_uid);
    o_.default_user = pw ? pw->name : std::string("nobody");
  } else {
    o_.default_uid = -1;
    auto pw = ctx_.sys.user_by_name(user);
    if (!pw) {
      syserr("option-unknown-user", fmt::format("readcf: option u: unknown user {}", user));
      return;
    }
    o_.default_uid = pw->uid;
    o_.default_gid = pw->gid;
    o_.default_user = pw->name;
  }
  if (!grp.empty()) group('u', grp);
}

void OptionApplier::run_as_user() {
  // Only the first setting may change the uid (sendmail gives up root).
  const bool can_setuid = o_.run_as_uid == 0;
  const long egid = effective_gid(ctx_.sys);
  auto msp_warning = [&](long want) {
    warn("option-runasuser-msp",
         fmt::format("WARNING: RunAsUser for MSP ignored, check group ids (egid={}, want={})", egid, want));
  };
  auto [user, grp] = split_user_group(val_);
  if (!user.empty() && is_digit(static_cast<unsigned char>(user[0]))) {
    if (can_setuid) o_.run_as_uid = parse_atoi(user);
  } else {
    auto pw = ctx_.sys.user_by_name(user);
    if (!pw) {
      syserr("option-unknown-user", fmt::format("readcf: option RunAsUser: unknown user {}", user));
      return;
    }
    if (can_setuid) {
      if (grp.empty()) o_.run_as_user_name = std::string(user);
      o_.run_as_uid = pw->uid;
      o_.run_as_gid = pw->gid;
    } else if (egid == pw->gid) {
      o_.run_as_gid = pw->gid;
    } else if (o_.use_msp && grp.empty()) {
      msp_warning(pw->gid);
    }
  }
  if (grp.empty()) return;
  if (is_digit(static_cast<unsigned char>(grp[0]))) {
    long gid = parse_atoi(grp);
    if (can_setuid || egid == gid)
      o_.run_as_gid = gid;
    else if (o_.use_msp)
      msp_warning(gid);
  } else if (auto gid = ctx_.sys.group_by_name(grp)) {
    if (can_setuid || egid == *gid)
      o_.run_as_gid = *gid;
    else if (o_.use_msp)
      msp_warning(*gid);
  } else {
    syserr("option-unknown-group", fmt::format("readcf: option RunAsUser: unknown group {}", grp));
  }
}

void OptionApplier::trusted_user() {
  if (!val_.empty() && is_digit(static_cast<unsigned char>(val_[0]))) {
    o_.trusted_uid = parse_atoi(val_);
    return;
  }
  o_.trusted_uid = 0;
  if (auto pw = ctx_.sys.user_by_name(val_))
    o_.trusted_uid = pw->uid;
  else
    syserr("option-unknown-user", fmt::format("readcf: option TrustedUser: unknown user {}", val_));
}

// Legacy OMxvalue: a macro definition; the value is taken as is.
void OptionApplier::macro_definition() {
  MacroIdResult id = parse_macro_id(val_, ctx_.cf.macro_names, &ctx_.rep);
  if (id.id == 0) return;
  std::string value(val_.substr(id.consumed));
  // An unprivileged command line may only use harmless characters.
  if (!safe_) std::erase_if(value, [](char ch) {
      auto c = static_cast<unsigned char>(ch);
      return !(is_alnum(c) || (c < 0x80 && std::string_view("!#$%&'*+-./^_`{|}~").find(ch) != std::string_view::npos));
    });
  ctx_.define_macro(id.id, std::move(value));
}

void OptionApplier::must_quote_chars() {
  // The setting replaces sendmail's default (which also had . and ').
  std::string chars = "@,;:\\()[]";
  if (val_.size() < 40)
    chars += val_;
  else
    warn("option-mustquotechars-long", "Warning: MustQuoteChars too long, ignored.");
  o_.must_quote_chars = std::move(chars);
}

void OptionApplier::operator_chars() {
  // Once set, or once the operator tables were built by a rule, a new
  // setting cannot change how rules were tokenized.
  if (o_.operator_chars || ctx_.tables)
    warn("option-operatorchars-redefined",
         "Warning: OperatorChars is being redefined.\n"
         "         It should only be set before ruleset definitions.");
  o_.operator_chars = munched(val_);
}

// sendmail's setalias(): comma-separated specs, each [class:]spec.
void OptionApplier::alias_files(std::string_view spec) {
  std::size_t p = 0;
  while (p < spec.size()) {
    while (p < spec.size() && is_space(static_cast<unsigned char>(spec[p]))) ++p;
    if (p >= spec.size()) break;
    if (o_.alias_maps.size() >= static_cast<std::size_t>(limits::kMaxMapStack)) {
      syserr("option-too-many-aliases",
             fmt::format("Too many alias databases defined, {} max", limits::kMaxMapStack));
      return;
    }
    std::size_t start = p;
    std::string map_class = "implicit";
    std::size_t sep = spec.find_first_of(" ,/:", p);
    if (sep != std::string_view::npos && spec[sep] == ':') {
      map_class = std::string(spec.substr(p, sep - p));
      start = sep + 1;
    }
    // The spec ends at an unquoted comma (LDAP specs contain commas).
    std::size_t end = spec.size();
    if (sep != std::string_view::npos) {
      bool quoted = false;
      for (std::size_t i = sep; i < spec.size(); ++i) {
        if (spec[i] == '"')
          quoted = !quoted;
        else if (spec[i] == ',' && !quoted) {
          end = i;
          break;
        }
      }
    }
    std::string text(spec.substr(start, end - start));
    o_.alias_files.emplace_back(spec.substr(p, end - p));
    p = end < spec.size() ? end + 1 : spec.size();
    switch (alias_map_class(map_class)) {
      case AliasClass::Unknown:
        syserr("option-alias-class", fmt::format("setalias: unknown alias class {}", map_class));
        break;
      case AliasClass::NotForAliases:
        syserr("option-alias-class", fmt::format("setalias: map class {} can't handle aliases", map_class));
        break;
      case AliasClass::Usable:
        o_.alias_maps.push_back(
            AliasMapSpec{fmt::format("Alias{}", o_.alias_maps.size()), std::move(map_class), std::move(text)});
        break;
    }
  }
}

void OptionApplier::max_mime_header_length() {
  auto slash = val_.find('/');
  int header = parse_atoi(val_.substr(0, slash));
  int field = header / 2;
  if (slash != std::string_view::npos && slash + 1 < val_.size()) field = parse_atoi(val_.substr(slash + 1));
  if (header <= 0)
    header = 0;
  else if (header < 128)
    warn("option-mime-header-length", "Warning: MaxMimeHeaderLength: header length limit set lower than 128");
  if (field <= 0)
    field = 0;
  else if (field < 40)
    warn("option-mime-header-length", "Warning: MaxMimeHeaderLength: field length limit set lower than 40");
  // Header values include their leading space, hence the +1.
  o_.max_mime_header_length = header > 0 ? header + 1 : 0;
  o_.max_mime_field_length = field > 0 ? field + 1 : 0;
}

bool OptionApplier::apply() {
  const std::string_view v = val_;
  switch (info_.code) {
    case '8': eight_bit_mode(); break;
    case 'A': alias_files(v.empty() ? std::string_view("aliases") : v); break;
    case 'a':
      if (!v.empty()) convert_time(v, 'm', ctx_.rep);
      break;
    case 'B': o_.blank_sub = v.empty() ? ' ' : v[0]; break;
    case 'C':
      if (safe_ || o_.checkpoint_interval > parse_atoi(v)) o_.checkpoint_interval = parse_atoi(v);
      break;
    case 'd': delivery_mode(); break;
    case 'e':
      if (!v.empty() && std::string_view("qmewp").find(v[0]) != std::string_view::npos) o_.error_mode = v[0];
      break;
    case 'g': group('g', v); break;
    case 'H': o_.help_file = v.empty() ? std::string("helpfile") : std::string(v); break;
    case 'h': o_.max_hop_count = parse_atoi(v); break;
    case 'I': resolver_options(ctx_, v); break;
    case 'K': convert_time(v, 'm', ctx_.rep); break;
    case 'L':
      if (safe_ || o_.log_level < parse_atoi(v)) o_.log_level = parse_atoi(v);
      break;
    case 'M':
      macro_definition();
      return false;
    case 'O':
      if (o_.daemon_count >= kMaxDaemons)
        syserr("option-too-many-daemons", fmt::format("too many daemons defined ({} max)", kMaxDaemons));
      else {
        socket_address_options(ctx_, v, /*daemon=*/true);
        ++o_.daemon_count;
      }
      break;
    case 'p': privacy_options(ctx_, v); return false;
    case 'Q': o_.queue_directory = v.empty() ? std::string("mqueue") : std::string(v); break;
    case 'r':
      if (sub_)
        set_timeout(ctx_, *sub_, v, sticky_);
      else
        set_timeouts(ctx_, v, sticky_);
      break;
    case 'T': queue_timeout(ctx_, v, sticky_); break;
    case 't': o_.time_zone_spec = std::string(v); break;
    case 'u': default_user(); break;
    case 'V':
      if (!v.empty()) o_.fallback_mx_host = std::string(v);
      break;
    case 'v':
      o_.verbose = option_bool(v) ? 1 : 0;
      ctx_.rep.set_verbose(o_.verbose);
      break;
    case kQueueSortOrder:
      if (v.empty() || std::string_view("fFhHmMpPtTrRsSnN").find(v[0]) == std::string_view::npos)
        syserr("option-queue-sort-order", fmt::format("Invalid queue sort order \"{}\"", v));
      break;
    case kHostsFile: o_.hosts_file = std::string(v); break;
    case kMinQueueAge: case kMaxQueueAge: convert_time(v, 'm', ctx_.rep); break;
    case kDialDelay: case kDeliverByMin: case kConnectionRateWindowSize:
      convert_time(v, 's', ctx_.rep);
      break;
    case kRejectLogInterval: convert_time(v, 'h', ctx_.rep); break;
    case kDefaultCharSet: {
      std::string cs(v);
      std::replace(cs.begin(), cs.end(), '\n', ' ');
      o_.default_charset = std::move(cs);
      break;
    }
    case kServiceSwitchFile: o_.service_switch_file = std::string(v); break;
    case kNoRecipientAction:
      if (!equals_nocase(v, "none") && !equals_nocase(v, "add-to") && !equals_nocase(v, "add-apparently-to") &&
          !equals_nocase(v, "add-bcc") && !equals_nocase(v, "add-to-undisclosed"))
        syserr("option-no-recipient-action", fmt::format("Invalid NoRecipientAction: {}", v));
      break;
    case kColonOkInAddr: o_.colon_ok_in_addr = option_bool(v); break;
    case kMustQuoteChars: must_quote_chars(); break;
    case kSmtpGreetingMessage: o_.smtp_greeting = munched(v); break;
    case kUnixFromLine: o_.unix_from_line = munched(v); break;
    case kOperatorChars: operator_chars(); break;
    case kUnsafeGroupWrites:
      if (!option_bool(v)) {
        o_.dont_blame_flags.emplace_back("groupwritableforwardfilesafe");
        o_.dont_blame_flags.emplace_back("groupwritableincludefilesafe");
      }
      break;
    case kDoubleBounceAddress: o_.double_bounce_address = std::string(v); break;
    case kRunAsUser: run_as_user(); break;
    case kDontBlameSendmail:
      o_.dont_blame_sendmail = std::string(v);
      dont_blame_sendmail(ctx_, v);
      return false;
    case kDontProbeInterfaces:
      if (equals_nocase(v, "loopback"))
        o_.interface_probe = InterfaceProbe::SkipLoopback;
      else
        o_.interface_probe = option_bool(v) ? InterfaceProbe::None : InterfaceProbe::All;
      o_.dont_probe_interfaces = o_.interface_probe != InterfaceProbe::All;
      break;
    case kConnectOnlyTo: connect_only_to(ctx_, v); break;
    case kTrustedUser: trusted_user(); break;
    case kMaxMimeHeaderLength: max_mime_header_length(); break;
    case kMaxHeadersLength:
      o_.max_headers_length = parse_atoi(v);
      if (o_.max_headers_length > 0 && o_.max_headers_length < 16384)
        warn("option-headers-length", "Warning: MaxHeadersLength: headers length limit set lower than 16384");
      break;
    case kAuthOptions: letter_flags(ctx_, info_.name, v, "Aacdfmpy"); break;
    case kTLSSrvOptions: letter_flags(ctx_, info_.name, v, "VC"); break;
    case kServerSSLOptions: case kClientSSLOptions: ssl_options(ctx_, info_.name, v); break;
    // Options whose value is macro-expanded when set.
    case kServerCertFile: case kServerKeyFile: case kClientCertFile: case kClientKeyFile:
    case kCACertFile: case kCACertPath: case kDHParameters: case kCipherList: case kCipherSuites:
    case kCertFingerprintAlgorithm: case kSSLEnginePath: case kCRLFile: case kCRLPath:
    case kSharedMemoryKeyFile: {
      ConfigMacros macros(ctx_.cf);
      expand(v, macros, &ctx_.rep);
      break;
    }
    case kClientPortOptions: socket_address_options(ctx_, v, /*daemon=*/false); break;
    case kMilter: milter_option(ctx_, sub_, v, sticky_); break;
    case kDirectSubmissionModifiers:
      // {daemon_flags} as the flags are spelled for a daemon; a value too
      // long for sendmail's buffer undefines it.
      if (3 * v.size() + 3 > 256)
        define_named_macro(ctx_, "daemon_flags", std::nullopt);
      else
        define_named_macro(ctx_, "daemon_flags", daemon_modifiers(v));
      break;
    case kUseMSP: o_.use_msp = option_bool(v); break;
    case kFallbackSmartHost:
      if (!v.empty()) o_.fallback_smart_host = std::string(v);
      break;
    case kSmtpUTF8:
      // This sendmail is built without USE_EAI.
      if (option_bool(v))
        syserr("option-smtputf8", "readcf: option: SmtpUTF8 set but no USE_EAI support");
      else
        warn("option-smtputf8", "Warning: Option: SmtpUTF8 requires USE_EAI support");
      break;
    default:
      // Options without an effect smcf models (queue, SMTP, TLS, ...):
      // recorded only.
      break;
  }
  return sticky_;
}

// Everything after the option has been identified: stickiness, recording,
// the value itself.
void apply_option(ReadContext& ctx, const OptionInfo& info, std::string_view value,
                  std::optional<std::string_view> sub, OptionOrigin origin, bool long_form) {
  OptionSettings& opts = ctx.cf.options;
  if (sub && !info.has_sub_options) sub.reset();  // silently ignored, as sendmail
  const bool sticky = origin == OptionOrigin::CommandLine;
  const bool ignored = !sticky && opts.sticky[info.code];

  if (origin != OptionOrigin::Internal) {
    OptionSetting s;
    s.name = std::string(info.name);
    s.value = std::string(value);
    s.from_command_line = sticky;
    if (origin == OptionOrigin::Config) s.pos = ctx.pos();
    s.code = info.code;
    s.sub_option = sub ? std::string(*sub) : std::string();
    s.long_form = long_form;
    s.ignored = ignored;
    opts.settings.push_back(std::move(s));
  }
  if (ignored) return;

  // Running as root every setting is privileged, as it is for cf lines.
  const bool safe = origin != OptionOrigin::CommandLine || ctx.sys.real_uid() == 0;
  OptionApplier applier(ctx, info, value, sub, safe, sticky);
  bool stick = applier.apply();
  // Options with sub-options keep stickiness per sub-option instead.
  if (stick && !info.has_sub_options && !opts.sticky[info.code]) {
    opts.sticky.set(info.code);
    if (!info.name.empty()) ctx.sticky_options.emplace_back(info.name);
  }
}

void unknown_code(ReadContext& ctx, unsigned char opt) {
  ctx.rep.syserr("option-unknown", fmt::format("readcf: unknown option name 0x{:x}", static_cast<unsigned>(opt)));
}

// setoption(opt, val, ...) as the cf reader and the command line call it.
void set_option_text(ReadContext& ctx, unsigned char opt, std::string_view text, OptionOrigin origin) {
  text = c_str_view(text);
  if (opt != ' ') {
    const OptionInfo* info = option_by_code(opt);
    if (!info) return unknown_code(ctx, opt);
    return apply_option(ctx, *info, text, std::nullopt, origin, false);
  }

  if (text.empty() || text.front() == '=') {
    ctx.rep.syserr("option-null-name", "readcf: null option name");
    return;
  }
  grammar::LongOption lo;
  grammar::parse_long_option(text, lo);
  OptionNameMatch m = find_option(lo.name);
  switch (m.kind) {
    case OptionNameMatch::Kind::Unknown:
      ctx.rep.syserr("option-unknown", fmt::format("readcf: unknown option name {}", lo.name));
      return;
    case OptionNameMatch::Kind::Ambiguous:
      ctx.rep.syserr("option-ambiguous", fmt::format("readcf: ambiguous option name {} (matches {} and {})",
                                                     lo.name, m.option->name, m.other->name));
      return;
    case OptionNameMatch::Kind::Abbreviation: {
      // An informational message sendmail shows even when not verbose.
      int saved = ctx.rep.verbose();
      ctx.rep.set_verbose(1);
      ctx.rep.message("option-abbreviation",
                      fmt::format("Option {} used as abbreviation for {}", lo.name, m.option->name));
      ctx.rep.set_verbose(saved);
      break;
    }
    case OptionNameMatch::Kind::Exact:
      break;
  }
  std::optional<std::string_view> sub;
  if (lo.sub_option) sub = *lo.sub_option;
  apply_option(ctx, *m.option, lo.value ? std::string_view(*lo.value) : std::string_view(), sub, origin, true);
}

}  // namespace

void read_option_line(ReadContext& ctx, unsigned char opt, std::string_view value) {
  set_option_text(ctx, opt, value, OptionOrigin::Config);
}

void set_command_line_option(ReadContext& ctx, unsigned char opt, std::string_view value) {
  set_option_text(ctx, opt, value, OptionOrigin::CommandLine);
}

void set_option(ReadContext& ctx, unsigned char code, std::string_view value, OptionOrigin origin,
                std::optional<std::string_view> sub_option) {
  const OptionInfo* info = option_by_code(code);
  if (!info) return unknown_code(ctx, code);
  apply_option(ctx, *info, value, sub_option, origin, false);
}

bool option_is_sticky(const ReadContext& ctx, unsigned char code) { return ctx.cf.options.sticky[code]; }

bool option_bool(std::string_view text) {
  return text.empty() || std::string_view("tTyY").find(text[0]) != std::string_view::npos;
}

}  // namespace smcf
