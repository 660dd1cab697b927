// bt_trace.hpp -- test mode's rendering of the engine's trace: sendmail's
// "%-16.16s   input:" / " returns:" lines, tokens printed by xputs().
#pragma once
#include "engine/trace.hpp"

namespace smcf {

class Output;
struct MacroNames;

class BtTraceRenderer final : public TraceSink {
 public:
  BtTraceRenderer(Output& out, const MacroNames& names) : out_(out), names_(names) {}
  void enter(int ruleset, std::string_view name, std::span<const Sym> ws, const Symbols& syms) override;
  void leave(int ruleset, std::string_view name, std::span<const Sym> ws, const Symbols& syms) override;

 private:
  void line(std::string_view name, std::string_view what, std::span<const Sym> ws, const Symbols& syms);
  Output& out_;
  const MacroNames& names_;
};

}  // namespace smcf
