// queue_address.hpp -- one recipient as sendmail 8.17 keeps it while it
// processes a recipient list (its ADDRESS structure): the parsed triple,
// the printable address, the state and flags recipient() and alias()
// change, and the links (the alias that produced it, its owner).
//
// The states and flag bits carry sendmail's values: the order of the
// states matters (QS_IS_DEAD is "state >= DontSend"), and the flags are
// or-ed together between duplicates exactly as sendmail does.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace smcf {
struct Mailer;
}

namespace smcf::envelope {

// sendmail's QS_* states.
enum class QState : unsigned char {
  Ok = 0,
  Sent = 1,
  BadAddr = 2,
  QueueUp = 3,
  Retry = 4,
  Verified = 5,
  DontSend = 6,
  Expanded = 7,
  Sender = 8,
  Cloned = 9,
  Discarded = 10,
  Replaced = 11,
  Removed = 12,
  Duplicate = 13,
  Included = 14,
  FatalErr = 15,
};

inline bool is_dead(QState s) { return s >= QState::DontSend; }
inline bool is_sendable(QState s) { return s == QState::Ok || s == QState::QueueUp || s == QState::Retry; }
inline bool is_undelivered(QState s) {
  return s == QState::Ok || s == QState::QueueUp || s == QState::Retry || s == QState::Verified;
}

// sendmail's q_flags bits (the ones recipient processing uses).
namespace qflag {
inline constexpr std::uint32_t kGoodUid = 0x00000001;
inline constexpr std::uint32_t kPrimary = 0x00000002;
inline constexpr std::uint32_t kNotRemote = 0x00000004;
inline constexpr std::uint32_t kSelfRef = 0x00000008;
inline constexpr std::uint32_t kBogusShell = 0x00000010;
inline constexpr std::uint32_t kUnsafeAddr = 0x00000020;
inline constexpr std::uint32_t kPingOnSuccess = 0x00000040;
inline constexpr std::uint32_t kPingOnFailure = 0x00000080;
inline constexpr std::uint32_t kPingOnDelay = 0x00000100;
inline constexpr std::uint32_t kHasNotify = 0x00000200;
inline constexpr std::uint32_t kExpanded = 0x00000800;
inline constexpr std::uint32_t kDelivered = 0x00001000;
inline constexpr std::uint32_t kRelayed = 0x00000400;
inline constexpr std::uint32_t kDelayed = 0x00002000;
inline constexpr std::uint32_t kAlias = 0x00004000;
inline constexpr std::uint32_t kSecure = 0x00100000;
inline constexpr std::uint32_t kThisPass = 0x40000000;
inline constexpr std::uint32_t kRcptOk = 0x80000000;
// Bits an address inherits from the alias that produced it.
inline constexpr std::uint32_t kInherited = kPingOnSuccess | kPingOnFailure | kPingOnDelay | kHasNotify;
}  // namespace qflag

struct QueueAddress {
  std::string paddr;  // q_paddr: the address as written
  std::string user;   // q_user
  std::string host;   // q_host ("" when the mailer has none)
  // The mailer; nullptr is sendmail's built-in *error* mailer.
  const Mailer* mailer = nullptr;
  QState state = QState::Ok;
  std::uint32_t flags = 0;
  QueueAddress* alias = nullptr;  // q_alias: the address this one came from
  // q_owner: the owner- alias value.  sendmail compares owners by pointer
  // as well as by text, so the identity of the shared string matters.
  std::shared_ptr<const std::string> owner;
  std::optional<std::string> home;      // q_home (nullopt: NULL)
  std::optional<std::string> ruser;     // q_ruser
  std::optional<std::string> fullname;  // q_fullname
  std::optional<std::string> status;    // q_status (DSN code)
  // What a delivery attempt left, for a DSN (savemail.c errbody()).
  std::optional<std::string> rstatus;     // q_rstatus: the mailer's own status ("67", an SMTP reply)
  std::optional<std::string> statmta;     // q_statmta: the host an SMTP mailer was talking to (not queued)
  std::optional<std::string> final_rcpt;  // q_finalrcpt ("rfc822; user@host"), from the qf's r record
  std::optional<std::string> orcpt;       // q_orcpt: ORCPT= ("rfc822;addr", xtext)
  long statdate = 0;                      // q_statdate: when the status was set (0: not yet)
  long uid = 0;
  long gid = 0;

  // Send-queue bookkeeping (send_queue.hpp).
  bool queued = false;
  std::uint64_t seq = 0;  // insertion number: the order within one sort group

  bool error_mailer() const { return mailer == nullptr; }
};

// sendmail's getctladdr(): the nearest address up the alias chain with a
// good uid, or nullptr.
const QueueAddress* controlling_address(const QueueAddress* a);

// sendmail's sameaddr(): same mailer (never the error mailer), same user,
// same host, and for the prog mailer the same controlling uid when both
// are known.
bool same_address(const QueueAddress& a, const QueueAddress& b, const Mailer* prog_mailer);

}  // namespace smcf::envelope
