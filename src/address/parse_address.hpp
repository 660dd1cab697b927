// parse_address.hpp -- turning an address into a mailer triple the way
// sendmail 8.17's parseaddr() does: tokenize, check for bad bytes, rewrite
// with rulesets 3 and 0, build the (mailer, host, user) triple from the
// $# $@ $: result (buildaddr()), run the user part through the recipient
// rulesets, check the result for control characters, and pick a queue
// group.  Every message, status change and trace line is sendmail's.
//
// The functions work on an AddressContext: the session's (or resolver's)
// rewriter, whose environment supplies the compiled config, symbols,
// reporter and trace output, plus the macro layer they may define macros
// in ($h, ${addr_type}, ...).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/rewrite.hpp"

namespace smcf {

class CompiledConfig;
class MacroOverlay;
class Reporter;
struct Config;
struct Mailer;

// sendmail's RF_* flags (how an address is to be parsed).
namespace rf {
inline constexpr int kSender = 0x001;     // RF_SENDERADDR
inline constexpr int kHeader = 0x002;     // RF_HEADERADDR
inline constexpr int kCanonical = 0x004;  // RF_CANONICAL
inline constexpr int kAddDomain = 0x008;  // RF_ADDDOMAIN
inline constexpr int kRemove = 0x040;     // RF_RM_ADDR
}  // namespace rf

// What the address functions work with.
struct AddressContext {
  Rewriter& rw;          // env(): cc, ruleset names, symbols, reporter, trace
  MacroOverlay& macros;  // where $h, ${addr_type}, $g ... are (re)defined
  // sendmail's SuprErrs as these functions set it (mirrored into the
  // reporter), so that a nested change can be undone.
  bool suppress_errors = false;
  // sendmail's e_sendmode == SM_DEFER (never so in test mode, which runs
  // interactively): a temporary parse failure then defers the message.
  bool defer_delivery = false;
  // EF_DISCARD: a check ruleset answered $#discard (the SMTP server then
  // accepts the message and drops it).
  bool discard = false;

  // Sets SuprErrs; returns the previous value.
  bool set_suppress(bool s);

  const CompiledConfig& cc() const { return *rw.env().cc; }
  RunNames& names() const { return *rw.env().names; }
  Reporter& rep() const { return *rw.env().rep; }
  Symbols& syms() const { return *rw.env().syms; }
};

enum class AddressState { Ok, Bad, QueueUp };

// sendmail's ADDRESS, as far as parsing fills it in.
struct ParsedAddress {
  // The mailer; nullptr with error_mailer set is sendmail's built-in
  // "*error*" mailer.  Both unset: sendmail left the mailer NULL (a
  // temporary failure in buildaddr's error exit); sendmail itself crashes
  // when such an address is printed.
  const Mailer* mailer = nullptr;
  bool error_mailer = false;
  std::optional<std::string> host;  // q_host (nullopt: NULL)
  std::string user;                 // q_user ("" when buildaddr set none)
  AddressState state = AddressState::Ok;
  std::optional<std::string> dsn_status;  // q_status, from $#error $@ x.y.z
  bool not_remote = false;                // QNOTREMOTE (F=@ dropped a leading @)

  bool has_mailer() const { return mailer != nullptr || error_mailer; }
  std::string_view mailer_name() const;  // "*error*" for the error mailer
};

// A mailer by name, compared without case (sendmail's symbol table).
// stop_at_gap: stop at the first empty slot, as buildaddr's scan of the
// mailer array does.
const Mailer* find_mailer(const Config& cf, std::string_view name, bool stop_at_gap);

// sendmail's EightBitAddrOK option (off unless set).
bool eight_bit_addresses_ok(const Config& cf);

// sendmail's invalidaddr(): bytes 0200..0237 (replaced by '?' in addr,
// status 64) and addresses over 255 bytes are refused with sendmail's
// messages.  The current address of rep must already be addr.
bool invalid_address(std::string& addr, bool is_rcpt, bool eight_bit_ok, Reporter& rep);

// sendmail's hasctrlchar(): unquoted control bytes, a trailing backslash,
// 8-bit bytes, an unbalanced quote or an overlong address.  Offending
// bytes are replaced by '?' in addr; with complain, the syntax error is
// reported.
bool has_ctrl_char(std::string& addr, bool is_rcpt, bool complain, bool eight_bit_ok, Reporter& rep);

// sendmail's buildaddr(): the triple from a rewritten workspace (which
// should start with $#), reporting buildaddr's errors and $#error texts.
ParsedAddress build_address(AddressContext& ctx, const Workspace& ws, int flags);

// sendmail's parseaddr().  delim ends the address (as for prescan);
// *delim_pos, if given, receives the offset of the byte that ended it.
// nullopt: the address could not be tokenized or was refused.
std::optional<ParsedAddress> parse_address(AddressContext& ctx, std::string_view addr, int flags, int delim,
                                           bool is_rcpt, std::size_t* delim_pos = nullptr);

// sendmail's rscap(): runs the named ruleset (if it exists) over p1 (and
// p2, joined by $|) tokenized with the internal table, with user errors
// suppressed.  Returns 69 (no such ruleset), 65 (cannot tokenize) or the
// rewrite status; *out receives the workspace.
int rscap(AddressContext& ctx, std::string_view ruleset, std::string_view p1, const std::string* p2,
          Workspace* out);

}  // namespace smcf
