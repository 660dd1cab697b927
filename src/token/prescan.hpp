// prescan.hpp -- sendmail's tokenizer ("prescan"), a hand-written state
// machine reproducing sendmail 8.17 byte for byte: the character tables,
// quoted strings, (comments), <angle brackets> and route syntax,
// backslashes, the delimiter, repairs at end of input, buffer and token
// limits, and every error message.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "token/char_types.hpp"
#include "token/symbols.hpp"

namespace smcf {

class Reporter;

// Receives each token as it is completed.
class TokenSink {
 public:
  virtual void token(std::string_view spelling) = 0;

 protected:
  ~TokenSink() = default;
};

struct PrescanRequest {
  std::string_view input;          // the text (a NUL byte ends it, as in C)
  int delim = '\0';                // ',', '\t' (cf lines), ' ' or '\0'
  std::size_t buffer_size = 0;     // sendmail's pvpbuf size for this caller
  const CharTable* table = nullptr;
  bool ignore_errors = false;      // cf lines: unbalanced brackets accepted
};

struct PrescanResult {
  bool ok = false;             // false: sendmail's prescan returned NULL
  std::size_t tokens = 0;      // number of tokens delivered
  std::size_t delim_pos = 0;   // offset of the delimiter that ended the scan (or end)
  bool truncated_input = false;  // "Address too long" cut the caller's text at 256
};

// Tokenizes req.input, giving tokens to sink.  Errors are reported through
// rep (usrerr, with the input from its start as the current address) when
// rep is non-null.  On failure the sink may already have received tokens.
PrescanResult prescan(const PrescanRequest& req, TokenSink& sink, Reporter* rep);

// Convenience: collect the spellings.
struct TokenList : TokenSink {
  std::vector<std::string> tokens;
  void token(std::string_view s) override { tokens.emplace_back(s); }
};

// Interns each token into a workspace (what the engine tokenizes with).
struct InternSink final : TokenSink {
  InternSink(Symbols& s, Workspace& w) : syms(s), out(w) {}
  void token(std::string_view s) override { out.push_back(syms.intern(s)); }
  Symbols& syms;
  Workspace& out;
};

}  // namespace smcf
