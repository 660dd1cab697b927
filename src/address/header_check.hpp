// header_check.hpp -- a header line as sendmail receives it from a user
// (chompheader() with CHHDR_USER, and CHHDR_CHECK for test mode's /header):
// the name/value split, the header's flags from sendmail's built-in table,
// the check ruleset of a cf H line ("HSubject: $>CheckSubject") run over
// the value (rscheck()), and the flags the header ends up with (the
// header_flag bits of ir/header.hpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace smcf {

struct AddressContext;
struct Config;
struct EnvelopeState;

// sendmail's RSF_* flags for rscheck().
namespace rsf {
inline constexpr int kRmComm = 0x0001;
inline constexpr int kUnstructured = 0x0002;
inline constexpr int kCount = 0x0004;
inline constexpr int kAddr = 0x0008;
inline constexpr int kString = 0x0010;
}  // namespace rsf

// What sendmail's symbol table knows about a header name: the flags of
// its built-in table (ir/header.hpp) plus what a cf header check added.
struct HeaderInfo {
  unsigned long flags = 0;
  int ruleset = -1;  // the check ruleset, -1: none
};

HeaderInfo header_info(const Config& cf, std::string_view name);

// sendmail's rscheck(): runs ruleset over p1 (p2 joined by $|); a $#error
// result is reported through buildaddr's messages, $#discard and
// "$#error $@ quarantine" are noted.  Returns the failure status (0: OK).
// addrstr (with rsf::kAddr) receives the rewritten address when the
// result is not a $# triple.
int rscheck(AddressContext& ctx, int ruleset, std::string_view p1, const std::string* p2, int flags,
            std::string* addrstr = nullptr);

// chompheader(line, CHHDR_USER [| CHHDR_CHECK], NULL, e): returns the flags
// of the header as stored (0 for a syntax error or an empty value that a
// cf default covers).
unsigned long chomp_user_header(AddressContext& ctx, std::string_view line, bool check, EnvelopeState& env);

}  // namespace smcf
