// preprocess.cpp -- translate_dollars, reproduced on a byte buffer.
//
// The buffer may receive NUL bytes (a bad macro name becomes id 0); the scan
// deliberately continues past them, because sendmail's does, and the
// caller sees only the text before the first NUL.
#include "read/preprocess.hpp"

#include "base/bytes.hpp"
#include "names/macro_id.hpp"

namespace smcf {

std::string quote_internal_chars(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : c_str_view(s)) {
    if (c == metabyte::kMetaQuote || (c & 0340) == 0200) out.push_back(static_cast<char>(metabyte::kMetaQuote));
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string translate_dollars(std::string_view line, int config_level, MacroNames& names, Reporter* rep) {
  std::string b = quote_internal_chars(line);
  auto at = [&](std::size_t i) -> unsigned char { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0; };
  // sendmail's strlcpy(p, p + k, ...): drop k bytes at p (within the C string at p).
  auto erase_at = [&](std::size_t p, std::size_t k) {
    std::size_t end = b.find('\0', p);
    if (end == std::string::npos) end = b.size();
    if (p + k > end) k = end - p;
    b.erase(p, k);
  };

  std::size_t p = 0;
  for (; at(p) != 0; ++p) {
    if (at(p) == '#' && p > 0 && config_level >= 3) {
      --p;
      switch (at(p)) {
        case metabyte::kMacroExpand:  // from $# -- let it through
          ++p;
          break;
        case '\\':  // \# -- drop the backslash, keep the #
          erase_at(p, 1);
          break;
        default: {
          while (is_space(at(p)) && at(p) != '\n' && p > 0) --p;
          ++p;
          std::size_t end = b.find('\0', p);
          if (end == std::string::npos) end = b.size();
          std::size_t lf = b.find('\n', p);
          if (lf != std::string::npos && lf < end) {
            erase_at(p, lf - p);
          } else {
            b[p] = '\0';
            b.resize(p + 1);
            --p;  // the loop's ++p lands on the NUL and ends the scan
          }
          break;
        }
      }
      continue;
    }

    if (at(p) != '$' || at(p + 1) == 0) continue;
    if (at(p + 1) == '$') {
      erase_at(p, 1);  // $$ -> $, and the $ is not looked at again
      continue;
    }

    b[p++] = static_cast<char>(metabyte::kMacroExpand);
    unsigned char c = at(p);
    if (c == '=' || c == '~' || c == '&' || c == '?') ++p;
    if (p >= b.size()) {
      // "$=" at the very end: sendmail asks for a name at the terminator.
      parse_macro_id("", names, rep);
      break;
    }
    std::size_t name_end = b.find('\0', p);
    if (name_end == std::string::npos) name_end = b.size();
    MacroIdResult r = parse_macro_id(std::string_view(b).substr(p, name_end - p), names, rep);
    if (r.consumed == 0) {
      // Nothing consumed: the id byte (0) replaces the name's first byte
      // and the rest of this C string is dropped.
      b[p] = '\0';
      b.erase(p + 1, name_end - (p + 1));
    } else {
      b[p] = static_cast<char>(r.id);
      b.erase(p + 1, r.consumed - 1);
    }
  }
  // p is at the first NUL the scan met (normally the end).  Strip trailing
  // white space before it; position 0 is never removed.
  if (p > b.size()) p = b.size();
  std::size_t q = p;
  while (q > 1 && is_space(at(q - 1))) b[--q] = '\0';
  return std::string(c_str_view(b));
}

}  // namespace smcf
