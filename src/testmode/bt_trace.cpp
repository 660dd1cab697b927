// bt_trace.cpp -- sendmail's trace line format.
#include "testmode/bt_trace.hpp"

#include "base/output.hpp"
#include "base/printable.hpp"

namespace smcf {

void BtTraceRenderer::line(std::string_view name, std::string_view what, std::span<const Sym> ws,
                           const Symbols& syms) {
  std::string& b = out_.buffer();
  // printf("%-16.16s") on bytes
  if (name.size() > 16) name = name.substr(0, 16);
  b.append(name);
  b.append(16 - name.size(), ' ');
  b.append(what);
  for (Sym s : ws) {
    b.push_back(' ');
    append_printable(b, syms.text(s), names_);
  }
  b.push_back('\n');
  out_.write("");  // lets a large buffer drain
}

void BtTraceRenderer::enter(int, std::string_view name, std::span<const Sym> ws, const Symbols& syms) {
  line(name, "   input:", ws, syms);
}

void BtTraceRenderer::leave(int, std::string_view name, std::span<const Sym> ws, const Symbols& syms) {
  line(name, " returns:", ws, syms);
}

}  // namespace smcf
