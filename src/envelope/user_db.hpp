// user_db.hpp -- the mailbox database as recipient processing sees it
// (MailboxDatabase=pw): sendmail's finduser() with its lower-case retry and
// MatchGECOS full-name matching, and usershellok() against /etc/shells.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "host/system.hpp"

namespace smcf {
class Reporter;
}

namespace smcf::envelope {

// sendmail's SM_MBDB_T, as filled from a passwd entry.
struct MailboxUser {
  std::string name;
  long uid = 0;
  long gid = 0;
  std::string fullname;  // from the GECOS field
  std::string home;
  std::string shell;
};

MailboxUser mailbox_user(const PasswdEntry& pw);

// sm_mbdb_lookup(): the passwd entry of exactly `name`.
std::optional<MailboxUser> mailbox_lookup(const System& sys, std::string_view name);

struct FindUserResult {
  std::optional<MailboxUser> user;  // nullopt: EX_NOUSER
  bool fuzzy = false;               // found by the lower-case or GECOS match
};

// finduser(): `name` as is, then lower-cased, then (with MatchGECOS) as a
// full name with SpaceSub/'_' standing for blanks.  A GECOS match prints
// "sending to login name NAME" (a 050 message) through rep.
FindUserResult find_user(const System& sys, std::string_view name, bool match_gecos, char space_sub, Reporter& rep);

// usershellok(): a login shell listed in /etc/shells (or the default list
// when there is none); always true for an empty shell, for trusted users
// (class t) and for config levels up to 1.
bool user_shell_ok(const System& sys, std::string_view shell, bool trusted_user, int config_level);

}  // namespace smcf::envelope
