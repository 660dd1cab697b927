// symbols.cpp -- interning with case folding.
#include "token/symbols.hpp"

#include "base/bytes.hpp"

namespace smcf {

Sym SymbolTable::add(std::string_view s, Sym fold, Sym offset) {
  Sym id = static_cast<Sym>(syms_.size());
  SymInfo info;
  info.text = std::string(s);
  info.lead = s.empty() ? 0 : static_cast<unsigned char>(s[0]);
  info.fold = fold == kSelf ? id + offset : fold;
  folds_.push_back(info.fold);
  leads_.push_back(info.lead);
  bool plain = true;
  for (unsigned char c : s) plain = plain && is_print(c);
  plain_.push_back(plain);
  syms_.push_back(std::move(info));
  index_.emplace(std::string(s), id);
  return id;
}

Sym SymbolTable::intern(std::string_view s) {
  if (const Sym* id = find(s)) return *id;
  std::string lower = lower_ascii(s);
  if (lower == s) return add(s, kSelf, 0);
  Sym fold = intern(lower);
  return add(s, fold, 0);
}

Sym Symbols::intern_uncached(std::string_view s) {
  if (const Sym* id = base_->find(s)) return *id;
  if (const Sym* id = local_.find(s)) return *id + base_size_;
  std::string lower = lower_ascii(s);
  if (lower == s) return local_.add(s, SymbolTable::kSelf, base_size_) + base_size_;
  Sym fold = intern(lower);
  return local_.add(s, fold, base_size_) + base_size_;
}

}  // namespace smcf
