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
#include <memory>
#include <span>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/generation.hpp"
#include "base/string_hash.hpp"

namespace smcf {

using Sym = std::uint32_t;
// A rewriting workspace: sendmail's pvp, as symbols.
using Workspace = std::vector<Sym>;

struct SymInfo {
  std::string_view text;    // the table's own copy of the bytes
  Sym fold = 0;             // the lower-cased spelling's Sym
  unsigned char lead = 0;   // first byte (0 for the empty string)
};

class SymbolTable {
 public:
  SymbolTable() = default;
  // Moving keeps every SymInfo::text valid (the bytes stay where they are);
  // a copy could not, so there is none.
  SymbolTable(SymbolTable&&) noexcept = default;
  SymbolTable& operator=(SymbolTable&&) noexcept = default;
  SymbolTable(const SymbolTable&) = delete;
  SymbolTable& operator=(const SymbolTable&) = delete;

  Sym intern(std::string_view s);
  const Sym* find(std::string_view s) const { return find_hashed(s, StringHash{}(s)); }
  // find() with s's StringHash already computed.
  const Sym* find_hashed(std::string_view s, std::size_t hash) const;
  const SymInfo& info(Sym s) const { return syms_[s]; }
  // info(s).fold and info(s).lead from flat arrays (the hot paths want
  // only these, and a SymInfo is 24 bytes).
  Sym fold(Sym s) const { return folds_[s]; }
  unsigned char lead(Sym s) const { return leads_[s]; }
  // Whether every byte is printable ASCII, so the token prints as itself.
  bool plain(Sym s) const { return plain_[s] != 0; }
  std::size_t size() const { return syms_.size(); }
  // Forgets every symbol; the memory is kept for the next ones.
  void clear();

  // Rebuilds a table written out earlier (a compiled image): `texts` holds
  // every spelling back to back, symbol i being texts[ends[i-1], ends[i]),
  // and folds[i] its fold.  Nothing is folded or looked up again, so the
  // caller vouches for the folds (an image is checksummed); what is checked
  // is what memory safety and the id order need: ends rising within texts,
  // every fold an id of the table, no spelling twice.  False (and the table
  // left empty) otherwise.
  bool assign(std::string_view texts, std::span<const std::uint32_t> ends, std::span<const Sym> folds);

 private:
  friend class Symbols;
  // Adds s; a fold of kSelf means s is its own lower-case form, and `offset`
  // is added to local ids to make them global.
  static constexpr Sym kSelf = ~Sym{0};
  Sym add(std::string_view s, std::size_t hash, Sym fold, Sym offset);
  // Copies s into the blocks; the copy never moves.
  std::string_view store(std::string_view s);
  // Appends the symbol spelled `stored` (bytes the table owns) and indexes
  // it, growing the index when it would be over half full.
  Sym push(std::string_view stored, std::size_t hash, Sym fold);
  // Puts id into the first free slot of the index from its hash.
  void place(Sym id, std::size_t hash);

  std::vector<SymInfo> syms_;
  std::vector<Sym> folds_;
  std::vector<unsigned char> leads_;
  std::vector<unsigned char> plain_;
  std::vector<std::uint32_t> hashes_;  // low 32 bits of each symbol's StringHash
  // Open addressing over ids (kNoSlot: empty), at most half full.
  static constexpr Sym kNoSlot = ~Sym{0};
  std::vector<Sym> slots_;
  // The bytes: fixed blocks that never move, so SymInfo::text stays valid
  // as the table grows; clear() keeps them for reuse.
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::size_t> block_sizes_;
  std::size_t block_ = 0;  // the block being filled
  std::size_t used_ = 0;   // bytes used in it
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
    const Sym sym = intern_uncached(s, h);
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
  Sym intern_uncached(std::string_view s, std::size_t hash);

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
