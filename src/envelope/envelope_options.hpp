// envelope_options.hpp -- the option values recipient processing depends on
// (MeToo, MaxAliasRecursion, ForwardPath, DefaultUser, DontBlameSendmail
// ...), taken from a read config with sendmail's defaults and value
// parsing (atobool, atoi).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {
struct Config;
class System;
}  // namespace smcf

namespace smcf::envelope {

struct EnvelopeOptions {
  bool me_too = true;               // MeToo (sendmail's default is on)
  int max_alias_recursion = 10;     // MaxAliasRecursion
  int max_forward_entries = 0;      // MaxForwardEntries (0: no limit)
  std::optional<std::string> forward_path;  // ForwardPath, internal form (nullopt: "$z/.forward")
  bool match_gecos = false;         // MatchGECOS
  int fast_split = 1;               // FastSplit
  bool no_connect = false;          // HoldExpensive
  bool no_alias = false;            // sendmail -n
  bool use_msp = false;             // UseMSP
  long def_uid = 1;                 // DefaultUser (DefUid, DefGid, DefUser)
  long def_gid = 1;
  std::string def_user;
  long run_as_uid = 0;              // RunAsUser
  std::vector<std::string> dont_blame;  // DontBlameSendmail words in effect, lower case
  int config_level = 0;
  std::string queue_directory;      // QueueDirectory
  std::optional<std::string> host_status_directory;  // HostStatusDirectory

  bool blame(std::string_view word) const;  // DontBlameSendmail has `word` (lower case)
};

// The values for cf (read with sys's passwd database).
EnvelopeOptions envelope_options(const Config& cf, const System& sys);

// sendmail's atobool(): true for an empty value or one starting with t, T, y, Y.
bool option_true(std::string_view v);

}  // namespace smcf::envelope
