// limits.hpp -- every hard limit smcf shares with sendmail 8.17, in one place.
//
// The values are sendmail's (see docs/limits.md); smcf keeps them because
// they change observable behaviour (truncations, error messages), not because
// smcf itself needs them.
#pragma once
#include <cstddef>

namespace smcf::limits {

inline constexpr std::size_t kMaxLine = 2048;        // MAXLINE: line buffers
inline constexpr std::size_t kMaxName = 256;         // MAXNAME: token / address length
inline constexpr std::size_t kMaxAtom = 1000;        // MAXATOM: tokens per workspace
inline constexpr std::size_t kPrescanBuf = kMaxName + kMaxAtom;   // PSBUFSIZE (run time)
inline constexpr std::size_t kRulePrescanBuf = kMaxLine + kMaxAtom; // R-line prescan buffer
inline constexpr int kMaxRulesets = 200;             // MAXRWSETS
inline constexpr int kMaxNumberedRuleset = 100;      // numbers 0..99 may be written
inline constexpr int kMaxMatch = 9;                  // MAXMATCH: wildcards per LHS
inline constexpr int kMaxMapArgs = 10;               // MAX_MAP_ARGS
inline constexpr int kMaxSubr = 16;                  // MAX_SUBR (15 usable calls)
inline constexpr int kMaxRuleRecursion = 50;         // MaxRuleRecursion
inline constexpr int kMaxMacroRecursion = 10;        // MaxMacroRecursion
inline constexpr int kRuleLoopLimit = 100;           // applications of one rule in a row
inline constexpr int kMaxMacroId = 0377;             // MAXMACROID
inline constexpr int kFirstLongMacroId = 0240;       // first id given to {long} names
inline constexpr std::size_t kMaxMacroNameLen = 25;  // MAXMACNAMELEN
inline constexpr std::size_t kMaxKey = 1024;         // MAXKEY: map key buffer
inline constexpr int kMaxMailers = 25;               // MAXMAILERS
inline constexpr int kMaxPriorities = 25;            // MAXPRIORITIES
inline constexpr std::size_t kMaxShortStr = 203;     // MAXSHORTSTR
inline constexpr std::size_t kMacBufSize = 4096;     // MACBUFSIZE: one expand() pass
inline constexpr int kStabSize = 2003;               // STABSIZE: symbol-table hash
inline constexpr int kMaxConfigLevel = 10;           // MAXCONFIGLEVEL
inline constexpr std::size_t kMsgBufSize = 16384;    // MsgBuf: one formatted message
inline constexpr std::size_t kMaxHeaderName = 100;   // longer header names are ignored
inline constexpr int kMaxQueueGroups = 50;           // MAXQUEUEGROUPS
inline constexpr int kMaxMapStack = 128;             // MAXMAPSTACK (Debian value)

// smcf's own.
// Token spellings a session interns beyond the config's before it forgets
// them (between top-level calls, when no workspace holds one).
inline constexpr std::size_t kSessionTokens = std::size_t{1} << 16;
// A mailer program that runs longer is killed and its recipients deferred
// (sendmail waits forever unless the mailer has W=).
inline constexpr long kMailerTimeout = 3600;
// What a message's transcript (sendmail's xf file, quoted by its bounce)
// keeps of the mailers' output, in bytes; sendmail keeps all of it.
inline constexpr std::size_t kTranscript = std::size_t{1} << 20;
// `smcf resolve --threads N`: more is a usage error (exit 64).
inline constexpr int kResolveThreads = 256;
// Lines of an smcf test / coverage / diff input file; a longer line is an
// error naming the file and line (exit 65), not cut as -bt would cut it.
inline constexpr std::size_t kToolLine = kMaxLine;
// Lines an interactive -bt session keeps in its history (and in
// ~/.smcf_history between sessions); the oldest go first.
inline constexpr std::size_t kHistoryEntries = 1000;
// SMTP server (src/smtp_server/).  A command line is read into a buffer
// of sendmail's MAXINPLINE; one longer than MAXLINE ends the session
// ("421 4.7.0 ... Command too long"), as sendmail's does.
inline constexpr std::size_t kSmtpInputLine = 12288;
// The DATA text kept in memory when MaxMessageSize is not set (sendmail:
// no limit).  The rest is read and dropped; the message is refused (552).
inline constexpr std::size_t kSmtpMaxData = std::size_t{64} << 20;
// MAXBADCOMMANDS: refused commands before "421 ... Too many bad commands".
inline constexpr int kSmtpMaxBadCommands = 25;
// MAXSMTPARGS: ESMTP parameters on one MAIL or RCPT command.
inline constexpr int kSmtpMaxArgs = 20;

}  // namespace smcf::limits
