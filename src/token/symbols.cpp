// symbols.cpp -- interning with case folding: the bytes in blocks that never
// move, the ids in an open-addressing index.
#include "token/symbols.hpp"

#include <algorithm>
#include <cstring>

#include "base/bytes.hpp"

namespace smcf {
namespace {

constexpr std::size_t kBlockSize = 4096;  // bytes per block of spellings

std::size_t slot_count_for(std::size_t symbols) {
  std::size_t n = 16;
  while (n < symbols * 2) n *= 2;
  return n;
}

}  // namespace

const Sym* SymbolTable::find_hashed(std::string_view s, std::size_t hash) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  const auto h32 = static_cast<std::uint32_t>(hash);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Sym& id = slots_[i];
    if (id == kNoSlot) return nullptr;
    if (hashes_[id] == h32 && syms_[id].text == s) return &id;
  }
}

void SymbolTable::clear() {
  syms_.clear();
  folds_.clear();
  leads_.clear();
  plain_.clear();
  hashes_.clear();
  std::fill(slots_.begin(), slots_.end(), kNoSlot);
  block_ = 0;
  used_ = 0;
}

std::string_view SymbolTable::store(std::string_view s) {
  while (block_ < blocks_.size() && used_ + s.size() > block_sizes_[block_]) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    const std::size_t size = std::max(kBlockSize, s.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    block_sizes_.push_back(size);
    used_ = 0;
  }
  char* at = blocks_[block_].get() + used_;
  if (!s.empty()) std::memcpy(at, s.data(), s.size());
  used_ += s.size();
  return {at, s.size()};
}

void SymbolTable::place(Sym id, std::size_t hash) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != kNoSlot) i = (i + 1) & mask;
  slots_[i] = id;
}

Sym SymbolTable::push(std::string_view stored, std::size_t hash, Sym fold) {
  const auto id = static_cast<Sym>(syms_.size());
  const unsigned char lead = stored.empty() ? 0 : static_cast<unsigned char>(stored[0]);
  bool plain = true;
  for (unsigned char c : stored) plain = plain && is_print(c);
  syms_.push_back(SymInfo{stored, fold, lead});
  folds_.push_back(fold);
  leads_.push_back(lead);
  plain_.push_back(plain);
  hashes_.push_back(static_cast<std::uint32_t>(hash));
  if ((static_cast<std::size_t>(id) + 1) * 2 > slots_.size()) {
    // A bigger index, all ids placed again.  Only the low 32 bits of each
    // hash are kept; the index never has 2^32 slots, so they are all it needs.
    slots_.assign(slot_count_for(static_cast<std::size_t>(id) + 1), kNoSlot);
    for (Sym old = 0; old < id; ++old) place(old, hashes_[old]);
  }
  place(id, hash);
  return id;
}

Sym SymbolTable::add(std::string_view s, std::size_t hash, Sym fold, Sym offset) {
  const auto id = static_cast<Sym>(syms_.size());
  return push(store(s), hash, fold == kSelf ? id + offset : fold);
}

Sym SymbolTable::intern(std::string_view s) {
  const std::size_t h = StringHash{}(s);
  if (const Sym* id = find_hashed(s, h)) return *id;
  std::string lower = lower_ascii(s);
  if (lower == s) return add(s, h, kSelf, 0);
  Sym fold = intern(lower);
  return add(s, h, fold, 0);
}

bool SymbolTable::assign(std::string_view texts, std::span<const std::uint32_t> ends,
                         std::span<const Sym> folds) {
  clear();
  const std::size_t n = ends.size();
  if (folds.size() != n) return false;
  // One block holds every spelling.
  auto block = std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(texts.size(), 1));
  if (!texts.empty()) std::memcpy(block.get(), texts.data(), texts.size());
  const char* base = block.get();
  blocks_.insert(blocks_.begin(), std::move(block));
  block_sizes_.insert(block_sizes_.begin(), texts.size());
  block_ = 0;
  used_ = texts.size();

  syms_.reserve(n);
  folds_.reserve(n);
  leads_.reserve(n);
  plain_.reserve(n);
  hashes_.reserve(n);
  slots_.assign(slot_count_for(n), kNoSlot);  // (so push() never grows it)
  std::uint32_t start = 0;
  for (std::size_t id = 0; id < n; ++id) {
    const std::uint32_t end = ends[id];
    if (end < start || end > texts.size() || folds[id] >= n) {
      clear();
      return false;
    }
    const std::string_view s(base + start, end - start);
    start = end;
    const std::size_t h = StringHash{}(s);
    if (find_hashed(s, h)) {
      clear();
      return false;
    }
    push(s, h, folds[id]);
  }
  return true;
}

Sym Symbols::intern_uncached(std::string_view s, std::size_t hash) {
  if (const Sym* id = base_->find_hashed(s, hash)) return *id;
  if (const Sym* id = local_.find_hashed(s, hash)) return *id + base_size_;
  std::string lower = lower_ascii(s);
  if (lower == s) return local_.add(s, hash, SymbolTable::kSelf, base_size_) + base_size_;
  Sym fold = intern(lower);
  return local_.add(s, hash, fold, base_size_) + base_size_;
}

}  // namespace smcf
