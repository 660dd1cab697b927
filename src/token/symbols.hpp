// symbols.hpp -- interned tokens.
//
// Every token the engine handles is a Sym: an index into a symbol table
// holding its bytes (sendmail's spelling, see ir/rule.hpp), the Sym of its
// ASCII-lower-cased spelling (so case-insensitive equality is one integer
// compare) and its first byte (sendmail decides a token's role by it).
//
// A compiled config owns an immutable base table; each resolver or session
// has a Symbols view that adds its own tokens above the base ids, so many
// threads can share one config without locks.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/generation.hpp"
#include "base/string_hash.hpp"

namespace smcf {

using Sym = std::uint32_t;

struct SymInfo {
  std::string text;
  Sym fold = 0;             // the lower-cased spelling's Sym
  unsigned char lead = 0;   // first byte (0 for the empty string)
};

class SymbolTable {
 public:
  Sym intern(std::string_view s);
  const Sym* find(std::string_view s) const {
    auto it = index_.find(s);
    return it == index_.end() ? nullptr : &it->second;
  }
  const SymInfo& info(Sym s) const { return syms_[s]; }
  // info(s).fold and info(s).lead from flat arrays (the hot paths want
  // only these, and a SymInfo is 40 bytes).
  Sym fold(Sym s) const { return folds_[s]; }
  unsigned char lead(Sym s) const { return leads_[s]; }
  // Whether every byte is printable ASCII, so the token prints as itself.
  bool plain(Sym s) const { return plain_[s] != 0; }
  std::size_t size() const { return syms_.size(); }
  void clear() {
    syms_.clear();
    folds_.clear();
    leads_.clear();
    plain_.clear();
    index_.clear();
  }

 private:
  friend class Symbols;
  // Adds s; a fold of kSelf means s is its own lower-case form, and `offset`
  // is added to local ids to make them global.
  static constexpr Sym kSelf = ~Sym{0};
  Sym add(std::string_view s, Sym fold, Sym offset);
  std::vector<SymInfo> syms_;
  std::vector<Sym> folds_;
  std::vector<unsigned char> leads_;
  std::vector<unsigned char> plain_;
  std::unordered_map<std::string, Sym, StringHash, StringEqual> index_;
};

class Symbols {
 public:
  explicit Symbols(const SymbolTable& base) : base_(&base), base_size_(static_cast<Sym>(base.size())) {}

  Sym intern(std::string_view s) {
    // The same few tokens come back all the time: a small direct-mapped
    // table of recent answers saves the two hash-table searches (base,
    // then local) of intern_uncached().
    const std::size_t h = StringHash{}(s);
    Recent& r = recent_[h & (kRecent - 1)];
    if (r.hash == h && r.sym != kNoRecent && text(r.sym) == s) return r.sym;
    const Sym sym = intern_uncached(s);
    r = Recent{h, sym};
    return sym;
  }
  const SymInfo& info(Sym s) const { return s < base_size_ ? base_->info(s) : local_.info(s - base_size_); }
  std::string_view text(Sym s) const { return info(s).text; }
  Sym fold(Sym s) const { return s < base_size_ ? base_->fold(s) : local_.fold(s - base_size_); }
  unsigned char lead(Sym s) const { return s < base_size_ ? base_->lead(s) : local_.lead(s - base_size_); }
  bool plain(Sym s) const { return s < base_size_ ? base_->plain(s) : local_.plain(s - base_size_); }
  bool equal_nocase(Sym a, Sym b) const { return a == b || info(a).fold == info(b).fold; }
  // Forgets this view's own tokens (call only when no workspace holds them).
  void clear_local() {
    local_.clear();
    recent_.fill(Recent{});
    generation_ = next_generation();
  }
  // Changes whenever a Sym of this view may come to mean another token.
  std::uint64_t generation() const { return generation_; }
  std::size_t local_size() const { return local_.size(); }

 private:
  Sym intern_uncached(std::string_view s);

  static constexpr std::size_t kRecent = 512;
  static constexpr Sym kNoRecent = ~Sym{0};
  struct Recent {
    std::size_t hash = 0;
    Sym sym = kNoRecent;
  };
  const SymbolTable* base_;
  Sym base_size_;
  SymbolTable local_;
  std::array<Recent, kRecent> recent_{};
  std::uint64_t generation_ = next_generation();
};

}  // namespace smcf
