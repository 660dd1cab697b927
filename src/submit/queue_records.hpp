// queue_records.hpp -- an envelope's send queue as qf recipient records,
// the way queueup() writes them: every undelivered address in queue order,
// a C record when the controlling user changes (printctladdr()), the
// final recipient (recipient.c), and the R flags.  Submission and queue
// runs write the same records.
#pragma once
#include <string>
#include <vector>

#include "envelope/queue_address.hpp"
#include "queue/queue_file.hpp"

namespace smcf {
struct Mailer;
}
namespace smcf::envelope {
class Runtime;
}

namespace smcf::submit {

// The qf's $ records: every macro of the {persistentMacros} class that
// has a value, in the class's order, named as written ("r", "{daemon_flags}").
std::vector<std::pair<std::string, std::string>> persistent_macros(envelope::Runtime& rt);

// The final recipient (recipient.c) of an address that has none recorded:
// from the topmost address it came from, in the sender mailer's address
// type ("rfc822; bob@host").
std::string final_recipient(const envelope::QueueAddress& a, const Mailer* sender_mailer, const std::string& my_host);

// `keep_failed`: addresses that failed permanently are written too (a
// queue run keeps them until it can bounce them; sendmail drops them
// once the bounce is queued).
std::vector<queue::QueueRecipient> queue_records(const std::vector<envelope::QueueAddress*>& queue,
                                                 const Mailer* sender_mailer, const std::string& my_host,
                                                 bool keep_failed = false);

}  // namespace smcf::submit
