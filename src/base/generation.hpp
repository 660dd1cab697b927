// generation.hpp -- process-wide change stamps.
//
// A mutable table that others cache facts about (class membership by
// symbol, say) takes a fresh stamp at every change.  A cache remembers the
// stamp it was filled under and starts over when the stamp differs, so it
// never needs to know which table it looked at or who changed it.  Copies
// share a stamp, which is right: their contents are the same until one of
// them changes and takes a new one.
#pragma once
#include <atomic>
#include <cstdint>

namespace smcf {

inline std::uint64_t next_generation() {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace smcf
