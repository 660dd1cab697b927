// submission.hpp -- a message handed to `sendmail` on the command line
// (main.c MD_DELIVER): sender, recipients, the message from standard
// input, the headers as sendmail completes them, and the queue entry that
// holds it all -- committed (queue/queue_dir.hpp) before the caller is
// told the message is accepted.
//
// This is the enqueue half of delivery: every delivery mode starts by
// queueing (SuperSafe=True); `-odq` stops there.  Delivery itself (the
// mailers) is a queue run over the committed entry.
#pragma once
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smcf {
class CompiledConfig;
class Effects;
class Reporter;
class System;
struct ParsedAddress;
struct EnvelopeState;
namespace envelope {
class Runtime;
class RecipientList;
}
namespace queue {
class QueueIdSource;
}
}  // namespace smcf

namespace smcf::submit {

struct SubmitRequest {
  std::optional<std::string> sender;     // -f / -r
  std::optional<std::string> full_name;  // -F
  std::vector<std::string> recipients;   // the arguments
  bool recipients_from_headers = false;  // -t
  bool ignore_dots = true;               // -i / -oi (false: a "." line ends the input)
  std::optional<std::string> body_type;  // -B 7BIT | 8BITMIME
  std::optional<std::string> notify;     // -N never | success,failure,delay
  std::vector<std::string> ret;          // -R full | hdrs (each one given)
  std::optional<std::string> envid;      // -V (xtext)
  std::string input;                     // the message (standard input)
};

struct SubmitResult {
  int exit_status = 0;        // sysexits, as sendmail exits
  std::string queue_id;       // set once the message is queued
};

// initsys()/settime(): the time macros ($t $d $b $a ${time}) for `now`.
void set_time_macros(envelope::Runtime& rt, std::time_t now);

// Queues the message in the config's QueueDirectory (`queue_path` is
// where that directory really is: --remap applies).  Messages go through
// `rep` as sendmail prints them.
SubmitResult submit_message(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                            Reporter& rep, const std::string& queue_path, const SubmitRequest& req);

// An envelope whose sender and recipients are known (from the command
// line, or from SMTP's MAIL and RCPT): what collect() and queueup() add to
// it -- the message read from `input`, its headers completed, the queue
// entry written and committed.  The envelope's parts live with the caller.
struct CollectedEnvelope {
  envelope::Runtime& rt;
  envelope::RecipientList& list;
  const ParsedAddress& from;
  EnvelopeState& state;
  std::string auth{};                    // AUTH= (xtext), "" for none
  bool ret_given = false;                // EF_RET_PARAM
  bool headers_only = false;             // EF_NO_BODY_RETN
  std::optional<std::string> envid{};    // ENVID / -V
  std::optional<std::string> body_type{};  // BODY= / -B
  bool recipients_from_headers = false;  // -t
  bool ignore_dots = true;               // a "." line does not end `input`
  // An SMTP transaction: the exit status earlier commands of the session
  // left (a refused RCPT sets it, as sendmail's ExitStat) does not stop
  // this message; only errors while it is collected do.
  bool smtp = false;
  // Where the queue id comes from; one source per process (an SMTP
  // session queues many messages in one second).  nullptr: a new one.
  queue::QueueIdSource* ids = nullptr;
};

SubmitResult queue_message(CollectedEnvelope& env, std::string_view input, std::time_t now, const Effects& effects,
                           Reporter& rep, const std::string& queue_path);

}  // namespace smcf::submit
