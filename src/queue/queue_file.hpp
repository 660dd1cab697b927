// queue_file.hpp -- one message's control file (sendmail's qf, version 8),
// as plain data.
//
// The fields are the records queueup() writes, in the order it writes
// them (queue_file_io.hpp reads and writes the bytes).  Values are kept as
// sendmail stores them: header values with their folding ("\n\t"), macro
// names as written ("_", "{daemon_flags}"), recipient flags as letters.
// That keeps a file sendmail wrote byte-identical through a read and a
// write, which is how the writer is tested.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace smcf::queue {

inline constexpr int kQueueFileVersion = 8;  // QF_VERSION of sendmail 8.17

struct QueueRecipient {
  std::optional<std::string> message;     // M before it: the last status text
  std::optional<std::string> controller;  // C before it ("" resets; "user:uid:gid:addr")
  std::optional<std::string> orcpt;       // Q: ORCPT= (xtext)
  std::optional<std::string> final_rcpt;  // r: the final recipient ("rfc822; addr")
  std::string flags;                      // R<flags>: P N S F D B A (and sendmail's X)
  std::string address;                    // the address, as parseaddr() will read it

  bool has_flag(char f) const { return flags.find(f) != std::string::npos; }
};

struct QueueHeader {
  std::string condition;  // between H? and ?: mailer flags, or $x / ${name}
  std::string text;       // "Name: value", continuation lines kept as "\n\t..."
};

struct QueueFile {
  int version = kQueueFileVersion;        // V
  long created = 0;                       // T: creation time (seconds)
  long last_attempt = 0;                  // K: time of the last delivery attempt
  int tries = 0;                          // N: delivery attempts
  long priority = 0;                      // P
  std::optional<std::string> df_directory;  // d: the df's queue directory, if elsewhere
  std::optional<std::string> df_inode;    // I: "major/minor/inode" of the df
  std::optional<std::string> body_type;   // B: 7BIT / 8BITMIME
  std::optional<std::string> quarantine;  // q: quarantine reason
  std::optional<std::string> message;     // M: the envelope's status text
  std::string flags;                      // F: w r 8 b d n s e
  // $ lines: ${persistentMacros} values, name as written ("r", "{daemon_flags}").
  std::vector<std::pair<std::string, std::string>> macros;
  std::string sender;                     // S
  std::optional<std::string> envid;       // Z: ENVID=
  std::optional<std::string> auth;        // A: AUTH=
  std::optional<std::string> deliver_by;  // !: "flag seconds"
  std::vector<QueueRecipient> recipients; // undelivered recipients, queue order
  std::vector<QueueHeader> headers;

  bool has_flag(char f) const { return flags.find(f) != std::string::npos; }
};

}  // namespace smcf::queue
