// bounce.hpp -- the delivery status notification a failed message sends
// back (sendmail 8.17's savemail(), returntosender() and errbody()).
//
// A queue run that leaves recipients failed for good (or a message that
// has been in the queue longer than Timeout.queuereturn) hands the
// message's state to save_mail().  It decides who is told -- the sender;
// also the postmaster when the failure was a local software or
// configuration error; only the postmaster (DoubleBounceAddress) when the
// sender is <> or the failed message is itself a notification; nobody
// when a notification about a notification fails -- and writes the
// notification as a new queue entry: a qf/df pair committed exactly as a
// submission is (fsync, rename, directory fsync), which the caller then
// delivers like any other entry.  The failed message may only drop its
// failed recipients after that commit, so a crash never loses both.
//
// The notification is sendmail's: "Returned mail: see transcript for
// details" from $n with full name "Mail Delivery Subsystem", a
// multipart/report (RFC 3464) with the human-readable part, the
// transcript, the message/delivery-status part and the original message
// (or its headers with -R hdrs / Precedence < 0), byte for byte as
// sendmail writes it.  Not done: ~/dead.letter and DeadLetterDrop (the
// states after a notification cannot be queued: the failed recipients
// then stay queued instead), source-route pruning (as DontPruneRoutes).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {
class CompiledConfig;
class Effects;
class Reporter;
class System;
namespace envelope {
struct QueueAddress;
}
namespace queue {
class QueueDir;
class QueueIdSource;
}  // namespace queue
}  // namespace smcf

namespace smcf::deliver {

// The failed message, as errbody() reads its parent envelope.
struct FailedMessage {
  std::string id;
  long created = 0;                 // e_ctime
  std::string received_from;        // $_ of the message ("from ..." line)
  std::string sender;               // e_from.q_paddr; "" or "<>": the null sender
  bool response = false;            // EF_RESPONSE: it is a notification itself
  bool parent_response = false;     // ... made in this run for another notification
  bool has_8bit = false;            // EF_HAS8BIT
  bool no_body_return = false;      // EF_NO_BODY_RETN (-R hdrs, negative precedence)
  std::optional<std::string> envid;               // ENVID (xtext)
  std::optional<std::string> transfer_encoding;   // its Content-Transfer-Encoding:
  int exit_stat = 0;                // ExitStat after the deliveries
  std::string message;              // e_message: the last failure's text
  std::vector<const envelope::QueueAddress*> send_queue;
  std::string transcript;           // what the deliveries wrote to the xf
  std::string returned_headers;     // its headers as putheader() writes them for *file*
  std::string returned_body;        // its body as putbody() copies it for *file*
  long queue_return = 0;            // Timeout.queuereturn (Will-Retry-Until:)
  bool receipt = false;             // EF_SENDRECEIPT: a return receipt, nothing failed
};

struct BounceContext {
  std::shared_ptr<const CompiledConfig> cc;
  const System* sys = nullptr;
  const Effects* effects = nullptr;
  Reporter* rep = nullptr;
  queue::QueueDir* dir = nullptr;
  queue::QueueIdSource* ids = nullptr;
  std::string invoker;   // username() of this process
};

struct SaveMailResult {
  bool handled = true;               // false: no notification could be queued (keep the failures)
  std::optional<std::string> queued; // the notification's queue id, to deliver now
};

// savemail(): tell whoever must be told (for a receipt: the sender).
SaveMailResult save_mail(const FailedMessage& failed, const BounceContext& ctx);

// emptyaddr() of a sender's printable address: "" or "<>".
bool null_sender(std::string_view paddr);

// pintvl(seconds, false): "5 days", "4 hours, 30 minutes", "zero seconds".
std::string interval_text(long seconds);

}  // namespace smcf::deliver
