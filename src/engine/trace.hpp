// trace.hpp -- what the rewriting engine reports as it works: a ruleset
// entered, a rule that matched (with its bindings), a ruleset returned.
//
// Test mode renders these events as sendmail's trace lines
// (testmode/bt_trace.hpp); the library API turns them into TraceEvents for
// the embedder's callback.  No sink: no cost beyond a null check.
#pragma once
#include <span>
#include <string_view>

#include "engine/match.hpp"
#include "token/symbols.hpp"

namespace smcf {

class TraceSink {
 public:
  virtual void enter(int ruleset, std::string_view name, std::span<const Sym> ws, const Symbols& syms) = 0;
  virtual void leave(int ruleset, std::string_view name, std::span<const Sym> ws, const Symbols& syms) = 0;
  // A rule's LHS matched ws (before the RHS is applied).  rule is 1-based.
  virtual void rule_matched(int ruleset, std::string_view name, int rule, int line, const Bindings& b,
                            std::span<const Sym> ws, const Symbols& syms) {
    (void)ruleset, (void)name, (void)rule, (void)line, (void)b, (void)ws, (void)syms;
  }

 protected:
  ~TraceSink() = default;
};

}  // namespace smcf
