// remotename.hpp -- sendmail's remotename(): an address rewritten for a
// mailer, as it would appear on the wire or in a header.
//
// The mailer's S= or R= ruleset (envelope or header part) is chosen by the
// flags; the address goes through rulesets 3, then 1 (sender) or 2
// (recipient), the mailer's ruleset and 4, and the result replaces $g in
// the address's crackaddr() template, so that comments and phrases
// survive.  Test mode's /try prints the result.
#pragma once
#include <string>
#include <string_view>

namespace smcf {

struct AddressContext;
struct Mailer;

struct RemoteName {
  std::string text;  // the rewritten address (sendmail's static buffer)
  int status = 0;    // 75 when any ruleset returned a temporary failure, else 0
};

// flags: rf::kSender / rf::kHeader / rf::kCanonical (parse_address.hpp).
RemoteName remote_name(AddressContext& ctx, std::string_view name, const Mailer& m, int flags);

}  // namespace smcf
