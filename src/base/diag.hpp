// diag.hpp -- diagnostics: sendmail's error reporting (err.c) as data.
//
// Every message smcf can print while reading a config or rewriting an
// address goes through a Reporter.  The Reporter formats it exactly as
// sendmail 8.17 does (SMTP/DSN codes removed, "FILE: line N: " while a cf
// is being read, "ADDR... " for the codes that carry the current address,
// high bits cleared, MsgBuf truncation) and also keeps it as a structured
// Diagnostic with a stable id, a severity and a source position, for the
// linter, the library API and the tests.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {

class Output;

enum class Severity : unsigned char { Note, Warning, Error, Fatal };

struct SourcePos {
  std::string file;
  int line = 0;    // 1-based; 0 = no position
  int column = 0;  // 1-based; 0 = whole line
};

struct Diagnostic {
  std::string id;        // stable check id, e.g. "cf-unknown-line"
  Severity severity = Severity::Error;
  SourcePos pos;
  std::string message;   // the text alone, without any prefix
  std::string rendered;  // the line as sendmail prints it, without the LF
};

// sendmail's exit statuses (sysexits.h) that smcf reproduces.
namespace exitstat {
inline constexpr int kOk = 0;
inline constexpr int kUsage = 64;
inline constexpr int kDataErr = 65;
inline constexpr int kNoInput = 66;
inline constexpr int kNoUser = 67;
inline constexpr int kNoHost = 68;
inline constexpr int kUnavailable = 69;
inline constexpr int kSoftware = 70;
inline constexpr int kOsErr = 71;
inline constexpr int kOsFile = 72;
inline constexpr int kCantCreat = 73;
inline constexpr int kIoErr = 74;
inline constexpr int kTempFail = 75;
inline constexpr int kProtocol = 76;
inline constexpr int kNoPerm = 77;
inline constexpr int kConfig = 78;
}  // namespace exitstat

class Reporter {
 public:
  // out == nullptr: messages are only recorded, never printed.
  explicit Reporter(Output* out = nullptr) : out_(out) {}

  // --- context that changes how messages are printed ---------------------
  // While a cf is read: the file name and the current line number.
  void set_file(std::optional<std::string> name) { file_ = std::move(name); }
  void set_line(int line) { line_ = line; }
  int line() const { return line_; }
  const std::optional<std::string>& file() const { return file_; }
  // The "current address" (sendmail's CurEnv->e_to), prepended to messages
  // with codes 050/250/252/450/550/553.
  void set_current_address(std::optional<std::string> to) { to_ = std::move(to); }
  const std::optional<std::string>& current_address() const { return to_; }
  // sendmail's Verbose: messages with a 0xx code are dropped while it is 0.
  void set_verbose(int v) { verbose_ = v; }
  int verbose() const { return verbose_; }
  // Suppress printing (sendmail's SuprErrs for usrerr).
  void set_suppress_usrerr(bool s) { suppress_usrerr_ = s; }
  // SMTP server mode (OpMode MD_SMTP/MD_DAEMON): messages are replies,
  // printed whole (codes kept) and ended with CR LF.
  void set_smtp_replies(bool on) { smtp_replies_ = on; }
  bool smtp_replies() const { return smtp_replies_; }
  // sendmail's OnlyOneError: after the first error printed, every later
  // message is held (not printed) until release_held() -- the SMTP server
  // calls it before each command, so a command gets exactly one error reply.
  void set_only_one_error(bool on) { only_one_error_ = on; }
  void release_held() { holding_ = false; }
  bool holding() const { return holding_; }

  // --- sendmail's reporters ----------------------------------------------
  // syserr(): code 554 (451 with errnum), no address prefix; sets the exit
  // status to 70 (71 with errnum) if it is still 0.  `text` may start with
  // an enhanced status code ("5.3.5 ...").  errnum != 0 appends ": strerror".
  void syserr(std::string_view id, std::string_view text, int errnum = 0);
  // usrerr(): `text` may start with an SMTP code and an enhanced code
  // ("553 5.1.1 Address too long"); the default code is 550.
  void usrerr(std::string_view id, std::string_view text);
  // message(): default code 050 (dropped unless verbose).
  void message(std::string_view id, std::string_view text);
  // A line sendmail writes directly to stdout (sm_io_fprintf), printed as is.
  void plain(std::string_view id, Severity sev, std::string_view text);
  // Writes out what the output holds so far (before a child process that
  // shares the descriptors may print).
  void flush_output();

  int exit_status() const { return exit_; }
  // sendmail's Errors: the error messages reported so far (every syserr(),
  // and every usrerr() not suppressed).
  int error_count() const { return errors_; }
  void set_exit_status(int s) { exit_ = s; }
  // sendmail's setstat(): only replaces an OK or temporary-failure status.
  void set_status(int s) {
    if (exit_ == exitstat::kOk || exit_ == exitstat::kTempFail) exit_ = s;
  }

  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  void clear_diagnostics() { diags_.clear(); }
  // Whether printed messages are also recorded (off for long test sessions).
  void set_recording(bool r) { recording_ = r; }
  bool recording() const { return recording_; }
  void set_error_count(int n) { errors_ = n; }
  // Replays what reading a config produced earlier (a compiled image,
  // src/image/): the bytes it printed, as they were printed, and its
  // diagnostics (kept if this reporter records).
  void replay(std::string_view printed, const std::vector<Diagnostic>& diags);

  // Formats like fmtmsg() + putoutmsg() and returns the printed text (no LF),
  // or nullopt when the message would not be printed.  Exposed for tests.
  std::optional<std::string> format(std::string_view default_code, std::string_view text,
                                    int errnum, std::string* full = nullptr) const;

 private:
  void emit(std::string_view id, Severity sev, std::string_view default_code,
            std::string_view text, int errnum, bool suppressed);

  Output* out_;
  std::optional<std::string> file_;
  int line_ = 0;
  std::optional<std::string> to_;
  int verbose_ = 0;
  bool suppress_usrerr_ = false;
  bool smtp_replies_ = false;
  bool only_one_error_ = false;
  bool holding_ = false;
  bool plain_message_ = false;  // formatting for message(): no default enhanced code
  bool recording_ = true;
  int exit_ = 0;
  int errors_ = 0;
  std::vector<Diagnostic> diags_;
};

}  // namespace smcf
