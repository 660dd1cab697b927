// rule.hpp -- rewriting rules and rulesets as plain data.
//
// A rule's LHS and RHS are lists of typed tokens.  The kinds mirror
// sendmail's metasymbols; an Atom carries its bytes exactly as sendmail's
// tokenizer produced them (quotes and backslashes included).  The reader
// (read/rule_line.cpp) builds them; the compiler (engine/compile.cpp) turns
// them into interned engine symbols.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"

namespace smcf {

enum class TokenKind : unsigned char {
  Atom,         // an ordinary token (word, operator, quoted string)
  ZeroOrMore,   // $*
  OneOrMore,    // $+
  ExactlyOne,   // $-
  InClass,      // $=X   (arg = class id)
  NotInClass,   // $~X   (arg = class id)
  Replace,      // $1..$9 (arg = the digit character)
  Mailer,       // $#    (on an LHS: a literal)
  Host,         // $@    (LHS: match zero tokens; RHS: return / map argument)
  User,         // $:    (RHS: rewrite once / map default)
  Call,         // $>
  CondIf,       // $?
  CondElse,     // $|    (the two-argument separator of check rulesets)
  CondEnd,      // $.
  HostBegin,    // $[
  HostEnd,      // $]
  MapBegin,     // $(
  MapEnd,       // $)
  Deferred,     // $&X   (arg = macro id)
};

struct RuleToken {
  TokenKind kind = TokenKind::Atom;
  unsigned char arg = 0;  // class id, macro id or digit, per kind
  std::string text;       // Atom only: the token's bytes

  friend bool operator==(const RuleToken&, const RuleToken&) = default;
};

// The byte spelling sendmail's tokenizer gives a token (its "internal
// form"); used only to make comparisons byte-identical with sendmail.
std::string token_spelling(const RuleToken& t);
// The typed token for a spelling produced by sendmail's tokenizer.
RuleToken token_from_spelling(std::string_view spelling);

struct Rule {
  std::vector<RuleToken> lhs;
  std::vector<RuleToken> rhs;
  std::string comment;  // text after the RHS (not used by sendmail)
  SourcePos pos;        // the R line (line = last physical line, as sendmail counts)
};

struct Ruleset {
  int number = -1;
  std::string name;        // display name (may be empty when `named`)
  bool named = false;      // has a display name (else it shows as its number)
  std::vector<Rule> rules;
  SourcePos pos;           // first S line that defined it
  bool defined = false;    // an S line (or S=/R=/header check) created it
};

}  // namespace smcf
