// smcf.hpp -- the embeddable resolver: load a sendmail.cf once, then
// rewrite and resolve addresses with it from any number of threads, with
// exactly sendmail 8.17's results.
//
//   auto cf = smcf::LoadedConfig::from_file("/etc/mail/sendmail.cf");
//   smcf::Resolver r(cf);                       // one per thread
//   smcf::ResolveResult res = r.resolve("alice@example.com");
//   // res.mailer == "esmtp", res.host == "example.com", ...
//
// A LoadedConfig is immutable and shared (std::shared_ptr<const ...>); a
// Resolver is cheap to make, owns its scratch space and caches, and must
// be used by one thread at a time.  Nothing here throws for bad input:
// problems are reported as diagnostics and statuses.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smcf {

// How to load a config.  The defaults behave like sendmail on this
// machine; the pinning fields make results independent of it.
struct LoadOptions {
  std::vector<std::string> options;               // "Name=value", like sendmail -O
  std::optional<std::string> host_name;           // pin the host name
  std::optional<std::string> hosts_file;          // pin the hosts file
  std::optional<std::string> passwd_file;         // pin users
  std::optional<std::string> group_file;          // pin groups
  std::optional<long> uid;                        // pin the real uid
  bool no_dns = false;                            // never query DNS
  std::vector<std::pair<std::string, std::string>> remap;  // read FROM... from TO...
};

// A message sendmail prints while reading a config.
struct ConfigDiagnostic {
  std::string id;        // stable check id
  std::string severity;  // "note", "warning", "error", "fatal"
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;   // the text alone
  std::string text;      // the line sendmail prints
};

class LoadedConfig {
 public:
  // nullptr when the file cannot be read or reading stopped (fatal error);
  // diagnostics, if given, receive every message either way.  The file (or
  // text) may also be a compiled image made by `smcf compile`
  // (docs/compile.md), told apart by its first bytes; opts.options must
  // then be empty or the options it was compiled with.
  static std::shared_ptr<const LoadedConfig> from_file(const std::string& path, const LoadOptions& opts = {},
                                                       std::vector<ConfigDiagnostic>* diagnostics = nullptr);
  static std::shared_ptr<const LoadedConfig> from_string(std::string_view text, std::string_view name,
                                                         const LoadOptions& opts = {},
                                                         std::vector<ConfigDiagnostic>* diagnostics = nullptr);
  ~LoadedConfig();
  LoadedConfig(const LoadedConfig&) = delete;
  LoadedConfig& operator=(const LoadedConfig&) = delete;

  // The ruleset number of a name or number ("3", "canonify"), or -1.
  int ruleset_number(std::string_view name) const;

  // Internal: only the library can make an Impl.
  struct Impl;
  explicit LoadedConfig(std::unique_ptr<Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// sendmail's rewrite statuses.
enum class Status : int { Ok = 0, DataError = 65, TempFail = 75, Config = 78 };

struct RewriteResult {
  int status = 0;                   // 0, or sendmail's EX_* status
  std::vector<std::string> tokens;  // the workspace, tokens as sendmail keeps them
  std::string text;                 // the tokens joined as sendmail joins them
  std::string display;              // the tokens as test mode prints them ("$# local $: alice")
};

struct ResolveResult {
  bool ok = false;        // a deliverable mailer triple was built
  std::string mailer;     // "*error*" for $#error
  std::string host;
  std::string user;
  int status = 0;         // sendmail's exit status for this address (0 = OK)
  std::string message;    // the error message, if any
};

// One step of a rewrite, for tracing and debugging.
struct TraceEvent {
  enum class Kind { Enter, Return, RuleMatched };
  Kind kind = Kind::Enter;
  std::string_view ruleset;             // display name
  int ruleset_number = 0;
  int rule = 0;                         // RuleMatched: 1-based rule number
  int line = 0;                         // RuleMatched: source line of the R line
  std::span<const std::string_view> workspace;  // Enter/Return: the tokens
  // RuleMatched: $1..$9 bound by the LHS, each as its tokens joined.
  std::span<const std::string> bindings;
};

class Resolver {
 public:
  explicit Resolver(std::shared_ptr<const LoadedConfig> config);
  ~Resolver();
  Resolver(Resolver&&) noexcept;
  Resolver& operator=(Resolver&&) noexcept;

  // Tokenizes `address` (as test mode does) and runs it through the
  // rulesets in order (names or numbers, e.g. {"3", "0"}); like test mode,
  // a failing ruleset does not stop the list.
  RewriteResult rewrite(std::string_view address, std::span<const std::string_view> rulesets);
  // The same with a test-mode list: "3,0".
  RewriteResult rewrite(std::string_view address, std::string_view ruleset_list);
  // The same into a caller-owned result whose buffers are reused: once
  // they are large enough, a call makes no heap allocation for the result.
  void rewrite(std::string_view address, std::span<const std::string_view> rulesets, RewriteResult& out);

  // sendmail's parseaddr() for a recipient: rulesets 3 and 0, then 2, the
  // mailer's R= and 4 on the user part, as /parse does.
  ResolveResult resolve(std::string_view address);
  // The same into a caller-owned result (buffers reused).
  void resolve(std::string_view address, ResolveResult& out);

  // Streams trace events to `sink` (nullptr: no trace).
  void set_trace(std::function<void(const TraceEvent&)> sink);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace smcf
