// mailer_status.cpp -- exit statuses in sendmail's words (see
// mailer_status.hpp).
#include "deliver/mailer_status.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"

namespace smcf::deliver {

Outcome outcome_of(int status) {
  if (status == exitstat::kOk) return Outcome::Sent;
  if (status == exitstat::kTempFail || status == exitstat::kIoErr || status == exitstat::kOsErr)
    return Outcome::Deferred;
  return Outcome::Failed;
}

const char* sysexit_message(int status) {
  switch (status) {
    case exitstat::kUsage: return " 500 5.0.0 Command line usage error";
    case exitstat::kDataErr: return " 501 5.6.0 Data format error";
    case exitstat::kNoInput: return ":550 5.3.0 Cannot open input";
    case exitstat::kNoUser: return " 550 5.1.1 User unknown";
    case exitstat::kNoHost: return " 550 5.1.2 Host unknown";
    case exitstat::kUnavailable: return " 554 5.0.0 Service unavailable";
    case exitstat::kSoftware: return ":554 5.3.0 Internal error";
    case exitstat::kOsErr: return ":451 4.0.0 Operating system error";
    case exitstat::kOsFile: return ":554 5.3.5 System file missing";
    case exitstat::kCantCreat: return ":550 5.0.0 Can't create output";
    case exitstat::kIoErr: return ":451 4.0.0 I/O error";
    case exitstat::kTempFail: return " 450 4.0.0 Deferred";
    case exitstat::kProtocol: return " 554 5.5.0 Remote protocol error";
    case exitstat::kNoPerm: return ":550 5.0.0 Insufficient permission";
    case exitstat::kConfig: return " 554 5.3.5 Local configuration error";
    default: return nullptr;
  }
}

std::string exit_status_text(std::string_view rstatus) {
  if (rstatus.empty()) return std::string(rstatus);
  std::size_t used = 0;
  long v = parse_long(rstatus, &used);
  if (used != rstatus.size()) return std::string(rstatus);
  const char* m = sysexit_message(static_cast<int>(v));
  return m ? std::string(m + 11) : std::string(rstatus);
}

std::string status_line(int status, const std::string& smtp_error) {
  if (status == exitstat::kOk) return "250 2.0.0 Sent";
  const char* ex = sysexit_message(status);
  if (!ex) return fmt::format("554 5.3.0 unknown mailer error {}", status);
  std::string line = ex + 1;
  if (status == exitstat::kTempFail && !smtp_error.empty()) line += ": " + smtp_error;
  return line;
}

int recorded_status(int status) { return sysexit_message(status) || status == 0 ? status : exitstat::kUnavailable; }

std::string message_text(const std::string& line) {
  std::string_view v = line;
  if (v.size() > 4) v.remove_prefix(4);
  std::size_t sp = v.find(' ');
  if (sp != std::string_view::npos && sp >= 5 && v[1] == '.') v.remove_prefix(sp + 1);
  return std::string(v);
}

std::optional<std::string> failure_dsn(int status) {
  switch (status) {
    case exitstat::kUsage: return "5.5.4";
    case exitstat::kDataErr: return "5.5.2";
    case exitstat::kNoUser: return "5.1.1";
    case exitstat::kNoHost: return "5.1.2";
    case exitstat::kNoInput:
    case exitstat::kCantCreat:
    case exitstat::kNoPerm: return "5.3.0";
    case exitstat::kUnavailable:
    case exitstat::kSoftware:
    case exitstat::kOsFile:
    case exitstat::kProtocol:
    case exitstat::kConfig: return "5.5.0";
    case exitstat::kOsErr:
    case exitstat::kIoErr: return "4.5.0";
    case exitstat::kTempFail: return "4.2.0";
    default: return std::nullopt;
  }
}

std::string transcript_line(int status, const std::string& line, std::string_view to) {
  const std::string text = message_text(line);
  const std::string who = to.empty() ? std::string() : shorten(to, 203) + "... ";
  if (status == exitstat::kOk || status == exitstat::kTempFail) return who + text;
  std::string_view code = std::string_view(line).substr(0, 3);
  std::string prefix = line.substr(0, line.size() - text.size());
  bool names_rcpt = code == "050" || code == "250" || code == "252" || code == "450" || code == "550" || code == "553";
  return prefix + (names_rcpt ? who : std::string()) + text;
}

}  // namespace smcf::deliver
