// options.hpp -- option settings (O lines, -O/-o) as plain data.
//
// Typed values for the options that change what smcf computes, and the raw
// text of every option as last set, in order, for printing and linting.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diag.hpp"

namespace smcf {

struct OptionSetting {
  std::string name;        // canonical long name (e.g. "BlankSub")
  std::string value;       // value text as given (after the reader's preprocessing)
  bool from_command_line = false;
  SourcePos pos;
};

struct OptionSettings {
  // Every option as set, in order (cf and command line).
  std::vector<OptionSetting> settings;

  // Typed values the engine and test mode use.
  char blank_sub = ' ';                            // BlankSub (SpaceSub)
  std::optional<std::string> operator_chars;       // OperatorChars ($o for old configs)
  bool colon_ok_in_addr = true;                    // ColonOkInAddr
  std::string must_quote_chars = "@,;:\\()[].'";   // MustQuoteChars
  std::optional<std::string> help_file;            // HelpFile
  int verbose = 0;                                 // Verbose
  std::optional<std::string> service_switch_file;  // ServiceSwitchFile
  std::optional<std::string> hosts_file;           // HostsFile
  std::optional<std::string> queue_directory;      // QueueDirectory
  std::vector<std::string> alias_files;            // AliasFile
  bool dont_probe_interfaces = false;              // DontProbeInterfaces
  std::string dont_blame_sendmail;                 // DontBlameSendmail (raw)
  char delivery_mode = 'b';                        // DeliveryMode
  std::optional<std::string> resolver_options;     // ResolverOptions
};

}  // namespace smcf
