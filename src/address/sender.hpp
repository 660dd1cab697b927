// sender.hpp -- setting the envelope sender the way sendmail's setsender()
// does: parse the address as a sender (falling back to the invoking user,
// then $n, then "postmaster"), look the user up in the passwd database for
// mailers with F=w ($z, $x), then run the address through rulesets 3, 1
// and 4 for $f (and once more for F=C mailers, for the From domain).
//
// What setsender() leaves behind for later commands -- the envelope's From
// address, sendmail's global full name -- lives in EnvelopeState, which
// the caller keeps for the whole session.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "address/parse_address.hpp"

namespace smcf {

class Reporter;
class System;

// The parts of sendmail's envelope and globals that setsender() and header
// processing share between commands.
struct EnvelopeState {
  std::optional<ParsedAddress> from;     // e_from (nullopt: never set)
  std::string from_printable;            // e_from.q_paddr
  std::optional<std::string> full_name;  // FullName: once set, kept
  std::string sender;                    // e_sender ($f)
  bool resent = false;                   // EF_RESENT: a Resent- header was seen
};

struct SenderEnv {
  const System* sys = nullptr;  // passwd lookups (F=w mailers)
  std::string real_name;        // sendmail's username(): the invoking user
};

// sendmail's username(): the invoking user's login name (quoted when it
// holds address specials), or "postmaster" after "Who are you?".
std::string invoking_user_name(const System& sys, Reporter& rep);

// sendmail's setsender(from, e, &delimptr, delim, false).  Returns e_from.
// With a delimiter (SMTP's MAIL FROM: ends the address at a blank, before
// the ESMTP parameters) *delim_pos receives where the address ended.
ParsedAddress set_sender(AddressContext& ctx, std::string_view from, const SenderEnv& env, EnvelopeState& st,
                         int delim = '\0', std::size_t* delim_pos = nullptr);

// sendmail's sm_pwfullname(): the full name from a GECOS field ("&" is the
// login name with its first letter upper-cased; the name ends at , ; or %).
std::string full_name_from_gecos(std::string_view gecos, std::string_view login);

}  // namespace smcf
