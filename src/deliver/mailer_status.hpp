// mailer_status.hpp -- what a mailer's exit status means, in sendmail's
// words: the outcome for its recipients (markfailure()), the reply line
// (giveresponse() over sm_sysexmsg()), the DSN status code, and the lines
// the delivery writes to the message's transcript (fmtmsg()), which a
// bounce quotes.  Pure functions over the exit status; no I/O.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace smcf::deliver {

enum class Outcome { Sent, Deferred, Failed };

// markfailure(): EX_TEMPFAIL, EX_IOERR and EX_OSERR defer; every other
// non-zero status fails the recipient for good.
Outcome outcome_of(int status);

// sm_sysexmsg(): " 550 5.1.1 User unknown" (':' first when errno applies),
// nullptr for a status sysexits does not define.
const char* sysexit_message(int status);

// exitstat(): the text of an rstatus that is a bare exit status
// ("67" -> "User unknown"), else the rstatus unchanged.
std::string exit_status_text(std::string_view rstatus);

// giveresponse()'s status line for `status` ("250 2.0.0 Sent",
// "450 4.0.0 Deferred: <smtp_error>", "554 5.3.0 unknown mailer error 1").
std::string status_line(int status, const std::string& smtp_error);

// The exit status giveresponse() records (setstat()): an unknown status
// counts as EX_UNAVAILABLE.
int recorded_status(int status);

// The text after the reply code and enhanced status of a status line
// (what e_message, q_message and the qf's M record get).
std::string message_text(const std::string& line);

// markfailure()'s DSN status for an exit status, nullopt when it has none.
std::optional<std::string> failure_dsn(int status);

// The transcript line of a delivery's status line for the recipients
// `to` (e_to): a failure as usrerr() prints it ("550 5.1.1 bob... User
// unknown"; only 050/250/252/450/550/553 name the recipients), a deferral
// as giveresponse() copies it ("bob... Deferred: ...").
std::string transcript_line(int status, const std::string& line, std::string_view to);

}  // namespace smcf::deliver
