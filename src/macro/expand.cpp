// expand.cpp -- macro expansion, pass by pass as sendmail does it.
#include "macro/expand.hpp"

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "macro/macro_source.hpp"

namespace smcf {
namespace {

void expand_level(std::string_view s, std::string& buf, std::size_t bufsize, int level,
                  const MacroSource& macros, Reporter* rep) {
  using namespace metabyte;
  std::string x;  // one pass, at most kMacBufSize - 1 bytes
  const std::size_t cap = limits::kMacBufSize - 1;
  bool recurse = false, skipping = false, quote_next = false;
  int skip_level = 0, if_level = 0;
  s = c_str_view(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    const std::string* q = nullptr;
    if (quote_next) {
      quote_next = false;
    } else {
      bool handled = false;
      switch (c) {
        case kCondIf: {
          ++if_level;
          unsigned char id = i + 1 < s.size() ? static_cast<unsigned char>(s[++i]) : 0;
          if (i >= s.size()) --i;  // the id was the end of the string
          if (skipping) {
            ++skip_level;
          } else {
            const std::string* mv = macros.macro_value(id);
            skipping = mv == nullptr || c_str_view(*mv).empty();
          }
          handled = true;
          break;
        }
        case kCondElse:
          if (if_level == 0) break;
          if (skip_level == 0) skipping = !skipping;
          handled = true;
          break;
        case kCondFi:
          if (if_level == 0) break;
          --if_level;
          if (skip_level == 0) skipping = false;
          if (skipping) --skip_level;
          handled = true;
          break;
        case kMacroExpand: {
          unsigned char id = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
          if (id != 0) {
            ++i;
            q = macros.macro_value(id);
          }
          if (q == nullptr) handled = true;
          break;
        }
        case kMetaQuote:
          quote_next = true;
          break;
        default:
          break;
      }
      if (handled) continue;
    }
    if (skipping || x.size() >= cap) continue;
    if (q == nullptr) {
      x.push_back(static_cast<char>(c));
    } else {
      bool hide = false;
      for (unsigned char v : c_str_view(*q)) {
        if (x.size() >= cap) break;
        if (!hide && (v & 0340) == 0200) recurse = true;
        x.push_back(static_cast<char>(v));
        hide = v == kMetaQuote;
      }
    }
  }

  if (recurse) {
    if (level < limits::kMaxMacroRecursion) {
      expand_level(x, buf, bufsize, level + 1, macros, rep);
      return;
    }
    if (rep) rep->syserr("expand-recursion", "expand: recursion too deep (10 max)");
  }
  if (bufsize == 0) {
    buf.clear();
    return;
  }
  buf.assign(x, 0, std::min(x.size(), bufsize - 1));
}

}  // namespace

std::string expand(std::string_view s, const MacroSource& macros, Reporter* rep, std::size_t buffer_size) {
  std::string out;
  expand_level(s, out, buffer_size, 0, macros, rep);
  return out;
}

}  // namespace smcf
