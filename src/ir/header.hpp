// header.hpp -- what sendmail knows about header fields by name, and how
// to read the header IR (Config::headers, Config::header_checks).
//
// sendmail keeps one symbol-table entry per header name (case-insensitive)
// with flag bits; the built-in names and their bits below are its HdrInfo
// table.  H lines add entries (header checks) and default headers; test
// mode's /header prints the bits of a name ("ul = 0x..."), so they are
// observable and kept here with sendmail's values.
#pragma once
#include <string_view>

#include "base/bytes.hpp"
#include "ir/config.hpp"

namespace smcf {

// sendmail's H_* header flag bits.
namespace header_flag {
inline constexpr unsigned long kEndOfHeader = 0x00000001;   // H_EOH: ends the header
inline constexpr unsigned long kRecipient = 0x00000002;     // H_RCPT
inline constexpr unsigned long kDefault = 0x00000004;       // H_DEFAULT: from an H line
inline constexpr unsigned long kResent = 0x00000008;        // H_RESENT
inline constexpr unsigned long kCheck = 0x00000010;         // H_CHECK: ?flags? / ?$x?
inline constexpr unsigned long kAlwaysCheck = 0x00000020;   // H_ACHECK: mailer flags always checked
inline constexpr unsigned long kForce = 0x00000040;         // H_FORCE: never replaced
inline constexpr unsigned long kTrace = 0x00000080;         // H_TRACE
inline constexpr unsigned long kFrom = 0x00000100;          // H_FROM
inline constexpr unsigned long kValid = 0x00000200;         // H_VALID
inline constexpr unsigned long kReceiptTo = 0x00000400;     // H_RECEIPTTO
inline constexpr unsigned long kErrorsTo = 0x00000800;      // H_ERRORSTO
inline constexpr unsigned long kCte = 0x00001000;           // H_CTE
inline constexpr unsigned long kContentType = 0x00002000;   // H_CTYPE
inline constexpr unsigned long kBcc = 0x00004000;           // H_BCC
inline constexpr unsigned long kEncodable = 0x00008000;     // H_ENCODABLE
inline constexpr unsigned long kStripComments = 0x00010000; // H_STRIPCOMM: check without comments
inline constexpr unsigned long kBindLate = 0x00020000;      // H_BINDLATE
inline constexpr unsigned long kUser = 0x00040000;          // H_USER: from the message
}  // namespace header_flag

struct BuiltinHeader {
  std::string_view name;  // lower case, as sendmail enters it
  unsigned long flags;
};

// sendmail's HdrInfo table (this build: no H_ASIS, end-of-header fields on).
inline constexpr BuiltinHeader kBuiltinHeaders[] = {
    {"resent-sender", header_flag::kFrom | header_flag::kResent},
    {"resent-from", header_flag::kFrom | header_flag::kResent},
    {"resent-reply-to", header_flag::kFrom | header_flag::kResent},
    {"sender", header_flag::kFrom},
    {"from", header_flag::kFrom},
    {"reply-to", header_flag::kFrom},
    {"errors-to", header_flag::kFrom | header_flag::kErrorsTo},
    {"full-name", header_flag::kAlwaysCheck},
    {"return-receipt-to", header_flag::kReceiptTo},
    {"delivery-receipt-to", header_flag::kReceiptTo},
    {"disposition-notification-to", header_flag::kFrom},
    {"to", header_flag::kRecipient},
    {"resent-to", header_flag::kRecipient | header_flag::kResent},
    {"cc", header_flag::kRecipient},
    {"resent-cc", header_flag::kRecipient | header_flag::kResent},
    {"bcc", header_flag::kRecipient | header_flag::kBcc},
    {"resent-bcc", header_flag::kRecipient | header_flag::kBcc | header_flag::kResent},
    {"apparently-to", header_flag::kRecipient},
    {"message-id", 0},
    {"resent-message-id", header_flag::kResent},
    {"message", header_flag::kEndOfHeader},
    {"text", header_flag::kEndOfHeader},
    {"date", 0},
    {"resent-date", header_flag::kResent},
    {"received", header_flag::kTrace | header_flag::kForce},
    {"x400-received", header_flag::kTrace | header_flag::kForce},
    {"via", header_flag::kTrace | header_flag::kForce},
    {"mail-from", header_flag::kTrace | header_flag::kForce},
    {"comments", header_flag::kForce | header_flag::kEncodable},
    {"return-path", header_flag::kForce | header_flag::kAlwaysCheck | header_flag::kBindLate},
    {"content-transfer-encoding", header_flag::kCte},
    {"content-type", header_flag::kContentType},
    {"content-length", header_flag::kAlwaysCheck},
    {"subject", header_flag::kEncodable},
    {"x-authentication-warning", header_flag::kForce},
};

// The built-in flag bits of a header name (case-insensitive); 0 if unknown.
inline unsigned long builtin_header_flags(std::string_view name) {
  for (const auto& h : kBuiltinHeaders)
    if (equals_nocase(h.name, name)) return h.flags;
  return 0;
}

// The header check of a name (case-insensitive), or nullptr.  "*" is the
// default check, used for names that have none of their own.
inline const HeaderCheck* find_header_check(const Config& cf, std::string_view name) {
  for (const auto& c : cf.header_checks)
    if (equals_nocase(c.header, name)) return &c;
  return nullptr;
}

// How the reader fills HeaderDecl (read/header_line.cpp):
//  * name   as written in the H line;
//  * flags  the set of ?flags? mailer flags, each byte once, in byte order
//           (sendmail keeps a bitmap).  An H line without flags that
//           replaces an earlier default header of the same name takes over
//           its flags when they can still matter (macro condition or an
//           always-checked name), as sendmail does;
//  * macro_condition  0201 + the macro id for ?$x? / ?${name}?, or "";
//  * value  everything after the ':' in internal form, leading blanks
//           included (sendmail prints "Name:" + value).
// A later H line for the same name replaces the earlier one (it moves to
// the end of the list) unless the name has H_FORCE; an empty value does not
// replace an existing one and is dropped.
//
// Whether sendmail compares a default header's mailer flags with the
// delivering mailer's flags before writing it.
inline bool header_is_conditional(const HeaderDecl& h) {
  return !h.flags.empty() || !h.macro_condition.empty() ||
         (builtin_header_flags(h.name) & header_flag::kAlwaysCheck) != 0;
}

}  // namespace smcf
