// options.hpp -- option settings (O lines, -O/-o) as plain data.
//
// Typed values for the options that change what smcf computes, and the raw
// text of every option as last set, in order, for printing and linting.
// The reader (read/options.cpp) fills this in with sendmail's semantics;
// defaults are sendmail's own (conf.c setdefaults) where it matters.
#pragma once
#include <bitset>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "base/diag.hpp"

namespace smcf {

struct OptionSetting {
  OptionSetting() = default;
  // The four basic fields, as code that records a setting by hand gives them.
  OptionSetting(std::string n, std::string v, bool command_line, SourcePos p)
      : name(std::move(n)), value(std::move(v)), from_command_line(command_line), pos(std::move(p)) {}

  std::string name;        // canonical long name (e.g. "BlankSub"); "" for 'g'/'M'
  std::string value;       // value text as given (after the reader's preprocessing)
  bool from_command_line = false;
  SourcePos pos;
  unsigned char code = 0;  // sendmail's option code: the legacy letter or 0x81..
  std::string sub_option;  // "queuewarn" in Timeout.queuewarn ("" if none)
  bool long_form = true;   // written `O Name=value` (false: legacy `OXvalue` / -oX)
  bool ignored = false;    // a cf setting of an option stuck by the command line
};

// DontProbeInterfaces.
enum class InterfaceProbe : unsigned char { All, None, SkipLoopback };

// One entry of AliasFile, as sendmail's setalias() splits it.
struct AliasMapSpec {
  std::string map_name;   // "Alias0", "Alias1", ... (sendmail's names)
  std::string map_class;  // "implicit" unless written class:spec
  std::string spec;       // the map arguments (file name and flags)
};

struct OptionSettings {
  // Every option as set, in order (cf and command line).
  std::vector<OptionSetting> settings;

  // --- typed values the engine and test mode use --------------------------
  char blank_sub = ' ';                            // BlankSub (SpaceSub)
  std::optional<std::string> operator_chars;       // OperatorChars, unquoted ($o for old configs)
  bool colon_ok_in_addr = true;                    // ColonOkInAddr
  std::string must_quote_chars = "@,;:\\()[].'";   // MustQuoteChars (as sendmail stores it)
  std::optional<std::string> help_file;            // HelpFile
  int verbose = 0;                                 // Verbose (0, 1; test mode makes it 2)
  std::optional<std::string> service_switch_file;  // ServiceSwitchFile
  std::optional<std::string> hosts_file;           // HostsFile
  std::optional<std::string> queue_directory;      // QueueDirectory
  std::vector<std::string> alias_files;            // AliasFile, one raw spec per entry
  std::vector<AliasMapSpec> alias_maps;            // AliasFile entries whose class is usable
  bool dont_probe_interfaces = false;              // DontProbeInterfaces (anything but "probe all")
  InterfaceProbe interface_probe = InterfaceProbe::All;
  std::string dont_blame_sendmail;                 // DontBlameSendmail (raw, last setting)
  std::vector<std::string> dont_blame_flags;       // its recognised words, lower case, in effect
  char delivery_mode = 'b';                        // DeliveryMode
  std::optional<std::string> resolver_options;     // ResolverOptions (raw)
  bool has_wildcard_mx = false;                    // ResolverOptions HasWildcardMX
  bool work_around_broken_aaaa = false;            // ResolverOptions WorkAroundBrokenAAAA

  char mime_mode = 'p';                            // EightBitMode (p, m or s)
  char error_mode = 'p';                           // ErrorMode
  std::vector<std::string> privacy_flags;          // PrivacyOptions words, lower case
  int log_level = 9;                               // LogLevel
  int checkpoint_interval = 10;                    // CheckpointInterval
  int max_hop_count = 25;                          // MaxHopCount
  long trusted_uid = 0;                            // TrustedUser
  std::optional<long> default_uid;                 // DefaultUser (unset: sendmail's choice)
  std::optional<long> default_gid;                 //   and its group (option g)
  std::optional<std::string> default_user;         //   user name when given by name
  long run_as_uid = 0;                             // RunAsUser
  long run_as_gid = 0;
  std::optional<std::string> run_as_user_name;
  std::optional<std::string> time_zone_spec;       // TimeZoneSpec
  std::optional<std::string> fallback_mx_host;     // FallbackMXhost
  std::optional<std::string> fallback_smart_host;  // FallbackSmartHost
  std::optional<std::string> smtp_greeting;        // SmtpGreetingMessage (unquoted)
  std::optional<std::string> unix_from_line;       // UnixFromLine (unquoted)
  std::optional<std::string> double_bounce_address;  // DoubleBounceAddress
  std::optional<std::string> default_charset;      // DefaultCharSet
  int max_mime_header_length = 2048;               // MaxMimeHeaderLength (a setting is stored +1)
  int max_mime_field_length = 1024;
  int max_headers_length = 32 * 1024;              // MaxHeadersLength
  int daemon_count = 0;                            // DaemonPortOptions lines accepted
  bool use_msp = false;                            // UseMSP
  // Timeouts by sendmail's sub-option name ("queuewarn.normal", "mail", ...),
  // in seconds (-1: "now"); only those that were set.
  std::map<std::string, long> timeouts;

  // --- stickiness: what the command line set ------------------------------
  std::bitset<256> sticky;           // option codes
  std::bitset<64> sticky_timeouts;   // Timeout sub-option codes
  std::bitset<16> sticky_milter;     // Milter sub-option codes
};

// The value an option was last given (a cf setting overridden by the
// command line does not count), or nullopt when it was never set.
inline std::optional<std::string> option_value(const OptionSettings& options, std::string_view name) {
  std::optional<std::string> v;
  for (const auto& s : options.settings)
    if (!s.ignored && equals_nocase(s.name, name)) v = s.value;
  return v;
}

// Whether PrivacyOptions names `word` ("noreceipts", "nobodyreturn",
// ...); goaway implies every restriction.
inline bool privacy_option(const OptionSettings& options, std::string_view word) {
  std::string v = lower_ascii(option_value(options, "PrivacyOptions").value_or(""));
  return v.find(word) != std::string::npos || v.find("goaway") != std::string::npos;
}

// The queue priority factors (options y, z and Z) with sendmail's
// defaults (conf.c setdefaults()): priority = size - class x ClassFactor +
// recipients x RecipientFactor, plus RetryFactor for every queue run.
struct PriorityFactors {
  long recipient = 30000;  // RecipientFactor (y)
  long klass = 1800;       // ClassFactor (z)
  long retry = 90000;      // RetryFactor (Z)
};

inline PriorityFactors priority_factors(const OptionSettings& options) {
  PriorityFactors f;
  if (auto v = option_value(options, "RecipientFactor")) f.recipient = parse_atol(*v);
  if (auto v = option_value(options, "ClassFactor")) f.klass = parse_atol(*v);
  if (auto v = option_value(options, "RetryFactor")) f.retry = parse_atol(*v);
  return f;
}

}  // namespace smcf
