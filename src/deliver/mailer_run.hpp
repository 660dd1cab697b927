// mailer_run.hpp -- one delivery attempt of a queue run: a mailer
// program run for a group of recipients (deliver()), or a file appended
// for one (*file*, mailfile()), and what its exit status does to the
// recipients and the message's transcript (markfailure(), the xf file).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "deliver/mailer_output.hpp"
#include "deliver/queue_run.hpp"
#include "envelope/queue_address.hpp"

namespace smcf {
class Reporter;
struct Mailer;
namespace envelope {
class Runtime;
class RecipientList;
}  // namespace envelope
namespace queue {
struct QueueFile;
}
namespace submit {
class HeaderList;
}
}  // namespace smcf

namespace smcf::deliver {

// The message being delivered, as the mailers see it.
struct Envelope {
  envelope::Runtime& rt;
  envelope::RecipientList& list;
  submit::HeaderList& headers;
  const queue::QueueFile& qf;
  const std::string& body;
  bool delete_bcc;
};

struct GroupResult {
  std::vector<envelope::QueueAddress*> chain;  // the recipients the mailer was run for
  int code = 0;                      // its exit status (EX_TEMPFAIL when it could not run or did not end)
  std::string line;                  // giveresponse()'s status line
  std::string output;                // what it wrote (the transcript gets it)
  // An SMTP reply's statuses for the chain (markfailure() takes them
  // from the reply instead of from the exit status).
  std::optional<std::string> status;   // q_status
  std::optional<std::string> rstatus;  // q_rstatus: the remote reply
  std::optional<std::string> statmta;  // q_statmta: the remote host
  bool remote_dsn = false;             // the SMTP server offered DSN: it reports success, not a "relayed" DSN
  // A delivery whose recipients got different answers (SMTP: each RCPT
  // has its own, the message its own): the results in the order sendmail
  // gives them, each for part of `chain`; `code`/`line` then do not apply.
  std::vector<GroupResult> parts;
};

// What putheader()/putbody() need to write the message for mailer `m`
// (the envelope's macros, its header addresses rewritten for `m`).
OutputContext output_context(Envelope& env, const Mailer& m);

// deliver(): one mailer invocation for `first` and the recipients of
// `queue` that can share it (F=m, same mailer and host).
GroupResult deliver_group(Envelope& env, envelope::QueueAddress& first,
                          const std::vector<envelope::QueueAddress*>& queue, const QueueRunOptions& opts,
                          Reporter& rep);

// deliver() for the *file* mailer: one recipient, mailfile().
GroupResult deliver_file(Envelope& env, envelope::QueueAddress& to, const QueueRunOptions& opts, Reporter& rep);

// markfailure() and the successful-delivery bookkeeping of deliver() for
// the recipients of one mailer run; the transcript gets what the mailer
// wrote and the status; e_message and ExitStat are updated as sendmail
// updates them.
void record_outcome(const GroupResult& g, long now, std::string& transcript, std::string& e_message,
                    int& exit_stat, QueueRunStats& stats);

}  // namespace smcf::deliver
