// call_targets.hpp -- the $> targets of rules whose quotes a run stripped.
//
// sendmail's callsubr() strips the quotes from the token after a $> where
// it lies, and when that token is the rule's own RHS token the rule itself
// is changed: proto.m4 writes $>"Local_check_rcpt", and once such a rule
// has run, =S shows `$> Local_check_rcpt`.  The compiled config is shared
// and never written, so a session keeps the new spellings here; the
// rewriter substitutes them and test mode's =S prints them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace smcf {

class StrippedCallTargets {
 public:
  // The spelling a rule's RHS token (index counted with the $: / $@
  // prefix) has now, or null while it is as read.
  const std::string* find(int ruleset, std::size_t rule, std::size_t rhs_index) const {
    if (spellings_.empty()) return nullptr;
    auto it = spellings_.find(key(ruleset, rule, rhs_index));
    return it == spellings_.end() ? nullptr : &it->second;
  }
  void set(int ruleset, std::size_t rule, std::size_t rhs_index, std::string spelling) {
    spellings_.insert_or_assign(key(ruleset, rule, rhs_index), std::move(spelling));
  }

 private:
  static std::uint64_t key(int ruleset, std::size_t rule, std::size_t rhs_index) {
    return (static_cast<std::uint64_t>(ruleset) << 48) | (static_cast<std::uint64_t>(rule) << 24) | rhs_index;
  }
  std::unordered_map<std::uint64_t, std::string> spellings_;
};

}  // namespace smcf
