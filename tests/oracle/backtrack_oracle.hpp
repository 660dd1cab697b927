// backtrack_oracle.hpp -- TEST-ONLY reference matcher.
//
// A plain transcription of sendmail's LHS matching as the reference
// describes it (§3.3): an explicit stack of wildcard bindings; on a
// mismatch the most recent wildcard that can grow grows by one token,
// wildcards that cannot are popped.  Exponential in the worst case, which
// is why the engine does not use it; the tests use it as an oracle for
// engine/match.cpp on random rules and inputs.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace smcf::oracle {

enum class PatKind { Literal, ZeroOrMore, OneOrMore, ExactlyOne, InClass, NotInClass, Zero, Deferred };

struct PatToken {
  PatKind kind = PatKind::Literal;
  std::string text;   // literal text, or the macro value for Deferred ("" + undefined flag)
  bool undefined = false;  // Deferred: the macro is undefined
  int cls = 0;        // class id for InClass/NotInClass
};

struct OracleBinding {
  int first = 0, end = 0;
};

struct OracleResult {
  bool matched = false;
  std::vector<OracleBinding> bindings;
};

// in_class(cls, first, end): is the phrase ws[first, end) in class cls?
// word_eq(a, b): case-insensitive token equality.
OracleResult oracle_match(const std::vector<PatToken>& lhs, const std::vector<std::string>& ws,
                          const std::function<bool(int, int, int)>& in_class,
                          const std::function<bool(int, const std::string&)>& word_in_class);

}  // namespace smcf::oracle
