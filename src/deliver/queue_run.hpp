// queue_run.hpp -- `smcf -q`: one pass over a queue directory, delivering
// what the local mailers can take (program mailers: Mlocal with procmail
// or mail.local, Mprog with sh/smrsh, any cf mailer that is a program;
// the *file* mailer).
//
// For each entry, in sendmail's queue order (QueueSortOrder; entries
// younger than MinQueueAge or held back by the load average wait): take the qf's lock (an entry
// another runner holds is skipped), read it (a qf readqf() would refuse is
// renamed to Qf), rebuild the envelope as readqf() does, deliver each
// recipient group as deliver() does, and then -- only after the mailers
// have answered -- commit the outcome: a message with nothing left to do
// is removed; otherwise the qf is rewritten (tf, fsync, rename, directory
// fsync) with the remaining recipients, their status texts, the attempt
// time and count.
//
// A message left with recipients that failed for good (or older than
// Timeout.queuereturn) gets its notification first (bounce.hpp): queued
// as a new entry, committed, and delivered in the same run; only then do
// the failed recipients leave the qf.  Timeout.queuewarn sends one delay
// warning (the qf's F=w).
//
// The window in which a crash can deliver a message twice is between a
// mailer's exit status (or an SMTP server's reply to ".") and that
// commit; it is never lost.  SMTP deliveries ([IPC] mailers) are
// smtp_mailer.hpp's; not yet (left in the queue untouched): LMTP (F=z).
// *file* deliveries are file_mailer.hpp's.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace smcf {
class CompiledConfig;
class Effects;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::deliver {

struct QueueRunOptions {
  std::vector<std::string> ids;         // -qI: substrings of the queue id
  std::vector<std::string> recipients;  // -qR: substrings of a recipient
  std::vector<std::string> senders;     // -qS: substrings of the sender
  bool verbose = false;                 // -v: sendmail's per-recipient messages
  long mailer_timeout = 0;              // seconds a mailer may run (0: limits::kMailerTimeout)
  long min_queue_age = 0;               // MinQueueAge (run_queue() takes it from the config)
  bool at_submission = false;           // -odi/-odb: the entry was never read by readqf() (no RetryFactor)
};

struct QueueRunStats {
  int entries = 0;    // control files looked at
  int locked = 0;     // skipped: another runner has them
  int lost = 0;       // refused (renamed to Qf)
  int finished = 0;   // removed: nothing left to deliver
  int requeued = 0;   // rewritten with what is left
  int delivered = 0;  // recipient deliveries that succeeded
  int deferred = 0;   // recipient deliveries that failed temporarily
  int failed = 0;     // recipient deliveries that failed permanently
  int bounces = 0;    // notifications queued (and delivered at once)
  int exit_status = 0;  // ExitStat of the last entry delivered (-odi exits with it)
};

QueueRunStats run_queue(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                        Reporter& rep, const std::string& queue_path, const QueueRunOptions& opts);

}  // namespace smcf::deliver
