// cataddr.cpp -- token joining with sendmail's buffer arithmetic.
#include "token/cataddr.hpp"

#include "base/bytes.hpp"

namespace smcf {

void cataddr_append(std::string& out, std::span<const std::string_view> tokens, std::size_t buffer_size,
                    int separator, bool external, const CharTable& internal_table) {
  if (buffer_size == 0) return;
  // sendmail reserves two bytes and stops as soon as the budget reaches 0.
  long budget = static_cast<long>(buffer_size) - 2;
  bool prev_atom = false;
  for (std::string_view tok : tokens) {
    if (budget <= 0) break;
    bool atom = !tok.empty() && internal_table[static_cast<unsigned char>(tok[0])] == CharType::Atm;
    if (prev_atom && atom && separator != kNoSpaceSep) {
      out.push_back(static_cast<char>(separator));
      if (--budget <= 0) break;
    }
    for (std::size_t i = 0; i < tok.size() && tok[i] != '\0';) {
      if (--budget <= 0) break;
      unsigned char ch = static_cast<unsigned char>(tok[i++]);
      if (ch == metabyte::kMetaQuote && external && i < tok.size() && tok[i] != '\0')
        ch = static_cast<unsigned char>(tok[i++]);
      out.push_back(static_cast<char>(ch));
    }
    if (budget <= 0) break;
    prev_atom = atom;
  }
}

}  // namespace smcf
