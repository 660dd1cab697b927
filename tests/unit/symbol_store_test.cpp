// symbol_store_test.cpp -- the symbol table (token/symbols.hpp) and the
// rule store (engine/compiled.hpp) on their own: interning, the index as
// it grows, rebuilding a table from an image's arrays and what that
// refuses, and how rules are laid out and refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "engine/compiled.hpp"
#include "token/symbols.hpp"

namespace smcf {
namespace {

TEST(SymbolTable, InternsOnceAndFoldsCase) {
  SymbolTable t;
  const Sym a = t.intern("Example");
  EXPECT_EQ(t.intern("Example"), a);
  const Sym lower = t.intern("example");
  EXPECT_NE(lower, a);
  EXPECT_EQ(t.fold(a), lower);
  EXPECT_EQ(t.fold(lower), lower);
  EXPECT_EQ(t.info(a).text, "Example");
  EXPECT_EQ(t.lead(a), 'E');
  ASSERT_NE(t.find("example"), nullptr);
  EXPECT_EQ(*t.find("example"), lower);
  EXPECT_EQ(t.find("EXAMPLE"), nullptr);
}

TEST(SymbolTable, SpellingsStayPutAsTheTableGrows) {
  SymbolTable t;
  const Sym first = t.intern("first-token");
  const std::string_view text = t.info(first).text;
  std::vector<Sym> ids;
  for (int i = 0; i < 20000; ++i) ids.push_back(t.intern("tok" + std::to_string(i)));
  // The view taken before 20,000 more symbols (many index and block
  // growths) still shows the same bytes at the same place.
  EXPECT_EQ(text.data(), t.info(first).text.data());
  EXPECT_EQ(text, "first-token");
  for (int i = 0; i < 20000; i += 997) {
    const Sym* id = t.find("tok" + std::to_string(i));
    ASSERT_NE(id, nullptr) << i;
    EXPECT_EQ(*id, ids[static_cast<std::size_t>(i)]);
  }
  // A spelling longer than a block gets a block of its own.
  const std::string long_one(10000, 'x');
  const Sym big = t.intern(long_one);
  EXPECT_EQ(t.info(big).text, long_one);
  EXPECT_EQ(t.info(first).text, "first-token");
}

TEST(SymbolTable, ClearForgetsEverySymbol) {
  SymbolTable t;
  t.intern("One");
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.find("One"), nullptr);
  EXPECT_EQ(t.find("one"), nullptr);
  EXPECT_EQ(t.intern("two"), 0u);
}

// The arrays an image stores for a table.
struct Arrays {
  std::string texts;
  std::vector<std::uint32_t> ends;
  std::vector<Sym> folds;
};

Arrays arrays_of(const SymbolTable& t) {
  Arrays a;
  for (Sym s = 0; s < t.size(); ++s) {
    a.texts += t.info(s).text;
    a.ends.push_back(static_cast<std::uint32_t>(a.texts.size()));
    a.folds.push_back(t.fold(s));
  }
  return a;
}

TEST(SymbolTable, AssignRebuildsTheSameTable) {
  SymbolTable t;
  for (const char* s : {"<", "Foo", "@", "bar.EXAMPLE", "", "\x90"}) t.intern(s);
  const Arrays a = arrays_of(t);
  SymbolTable u;
  ASSERT_TRUE(u.assign(a.texts, a.ends, a.folds));
  ASSERT_EQ(u.size(), t.size());
  for (Sym s = 0; s < t.size(); ++s) {
    EXPECT_EQ(u.info(s).text, t.info(s).text);
    EXPECT_EQ(u.fold(s), t.fold(s));
    EXPECT_EQ(u.lead(s), t.lead(s));
    EXPECT_EQ(u.plain(s), t.plain(s));
    ASSERT_NE(u.find(t.info(s).text), nullptr);
    EXPECT_EQ(*u.find(t.info(s).text), s);
  }
  // It goes on interning after the assigned symbols.
  EXPECT_EQ(u.intern("new"), t.size());
}

TEST(SymbolTable, AssignRefusesWhatAnImageMustNotHold) {
  SymbolTable t;
  for (const char* s : {"A", "a", "b"}) t.intern(s);
  const Arrays good = arrays_of(t);
  SymbolTable u;
  ASSERT_TRUE(u.assign(good.texts, good.ends, good.folds));

  Arrays a = good;
  a.ends = {2, 1, 3};  // not rising
  EXPECT_FALSE(u.assign(a.texts, a.ends, a.folds));
  EXPECT_EQ(u.size(), 0u);
  a = good;
  a.ends.back() = 4;  // past the spellings
  EXPECT_FALSE(u.assign(a.texts, a.ends, a.folds));
  a = good;
  a.folds[0] = 3;  // not a symbol
  EXPECT_FALSE(u.assign(a.texts, a.ends, a.folds));
  a = good;
  a.texts = "aab";  // "a" twice
  EXPECT_FALSE(u.assign(a.texts, a.ends, a.folds));
  a = good;
  a.folds.pop_back();  // sizes disagree
  EXPECT_FALSE(u.assign(a.texts, a.ends, a.folds));
  EXPECT_EQ(u.find("b"), nullptr);
}

// Interned rule tokens for RuleStore tests.
std::vector<Sym> syms_of(SymbolTable& t, std::initializer_list<std::string_view> tokens) {
  std::vector<Sym> v;
  for (std::string_view s : tokens) v.push_back(t.intern(s));
  return v;
}

TEST(RuleStore, LaysRulesOutByRuleset) {
  using namespace metabyte;
  SymbolTable t;
  const std::string any(1, static_cast<char>(kMatchZAny));
  const std::string one(1, static_cast<char>(kMatchOne));
  const std::string slot1 = std::string(1, static_cast<char>(kMatchRepl)) + "1";
  const std::string user(1, static_cast<char>(kCanonUser));
  RuleStore store;
  ASSERT_TRUE(store.add(3, syms_of(t, {any, "<", one, ">"}), syms_of(t, {user, slot1}), 10, t));
  ASSERT_TRUE(store.add(3, syms_of(t, {"x"}), syms_of(t, {"y"}), 11, t));
  ASSERT_TRUE(store.add(5, syms_of(t, {any}), syms_of(t, {}), 20, t));
  EXPECT_FALSE(store.add(4, syms_of(t, {any}), syms_of(t, {}), 21, t)) << "rulesets must not go back";
  store.finish();

  EXPECT_EQ(store.rule_count(), 3u);
  EXPECT_TRUE(store.ruleset(0).rules.empty());
  EXPECT_TRUE(store.ruleset(4).rules.empty());
  EXPECT_TRUE(store.ruleset(199).rules.empty());
  ASSERT_EQ(store.ruleset(3).rules.size(), 2u);
  ASSERT_EQ(store.ruleset(5).rules.size(), 1u);

  const CompiledRule& r = store.ruleset(3).rules[0];
  EXPECT_EQ(r.line, 10);
  EXPECT_EQ(r.lhs.size(), 4u);
  EXPECT_EQ(r.pattern.size(), 4u);
  EXPECT_EQ(r.wildcards, 2);
  EXPECT_EQ(r.rhs_prefix, kCanonUser);
  ASSERT_EQ(r.replacement.size(), 1u);
  EXPECT_EQ(r.replacement[0].kind, ReplKind::kSlot);
  EXPECT_EQ(r.replacement[0].arg, '1');
  EXPECT_EQ(r.min_tokens, 3u);
  EXPECT_FALSE(r.fixed_length);

  const CompiledRule& x = store.ruleset(3).rules[1];
  EXPECT_TRUE(x.fixed_length);
  EXPECT_EQ(x.first_fold, t.fold(*t.find("x")));
  ASSERT_EQ(x.replacement.size(), 1u);
  EXPECT_EQ(x.replacement[0].sym, *t.find("y"));
  EXPECT_EQ(store.ruleset(5).rules[0].line, 20);

  // Moving the store keeps every span valid.
  RuleStore moved = std::move(store);
  EXPECT_EQ(moved.ruleset(3).rules[0].lhs[1], *t.find("<"));
}

TEST(RuleStore, RefusesMoreWildcardsThanSlots) {
  using namespace metabyte;
  SymbolTable t;
  const std::string any(1, static_cast<char>(kMatchZAny));
  RuleStore store;
  std::vector<Sym> nine(9, t.intern(any));
  std::vector<Sym> ten(10, t.intern(any));
  EXPECT_TRUE(store.add(0, nine, {}, 1, t));
  EXPECT_FALSE(store.add(0, ten, {}, 2, t));
  store.finish();
  EXPECT_EQ(store.ruleset(0).rules.size(), 1u);
}

}  // namespace
}  // namespace smcf
