// bt_trace.cpp -- sendmail's trace line format.
#include "testmode/bt_trace.hpp"

#include "base/output.hpp"
#include "names/printable.hpp"

namespace smcf {

void BtTraceRenderer::line(std::string_view name, std::string_view what, std::span<const Sym> ws,
                           const Symbols& syms) {
  std::string& b = out_.buffer();
  // printf("%-16.16s") on bytes
  if (name.size() > 16) name = name.substr(0, 16);
  // Most workspaces hold only tokens that print as themselves: their line
  // is sized once and written in place.
  std::size_t need = 16 + what.size();
  bool all_plain = true;
  for (Sym s : ws) {
    all_plain = all_plain && syms.plain(s);
    need += 1 + syms.text(s).size();
  }
  if (all_plain) {
    std::size_t at = b.size();
    b.resize(at + need);
    char* p = b.data() + at;
    auto put = [&p](std::string_view t) {
      for (char c : t) *p++ = c;  // (short: a call of memcpy costs more)
    };
    put(name);
    for (std::size_t k = name.size(); k < 16; ++k) *p++ = ' ';
    put(what);
    for (Sym s : ws) {
      *p++ = ' ';
      put(syms.text(s));
    }
  } else {
    b.append(name);
    b.append(16 - name.size(), ' ');
    b.append(what);
    for (Sym s : ws) {
      b.push_back(' ');
      if (syms.plain(s))
        b.append(syms.text(s));
      else
        append_printable(b, syms.text(s), names_);
    }
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
