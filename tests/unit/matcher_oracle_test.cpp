// matcher_oracle_test.cpp -- the engine's memoized matcher against the
// test-only reference backtracker (tests/oracle), on random rules and
// random workspaces: same verdict, same bindings.
#include <gtest/gtest.h>

#include <random>

#include "base/bytes.hpp"
#include "engine/class_cache.hpp"
#include "engine/match.hpp"
#include "ir/classes.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"
#include "oracle/backtrack_oracle.hpp"
#include "token/cataddr.hpp"
#include "token/char_types.hpp"
#include "token/symbols.hpp"

namespace smcf {
namespace {

using oracle::PatKind;
using oracle::PatToken;

struct Fixture {
  Config cf;
  SymbolTable base;
  CharTables tabs = make_char_tables(".:@[]");
  ClassTable classes;
  Fixture() {
    for (const char* w : {"a", "b.c", "c a", "b", "a.b.a"}) classes.add('X', w);
    for (const char* w : {"c", "a.a"}) classes.add('Y', w);
  }
};

std::string spell(const PatToken& p) {
  switch (p.kind) {
    case PatKind::Literal: return p.text;
    case PatKind::ZeroOrMore: return "\x90";
    case PatKind::OneOrMore: return "\x91";
    case PatKind::ExactlyOne: return "\x92";
    case PatKind::InClass: return std::string("\x93") + static_cast<char>(p.cls);
    case PatKind::NotInClass: return std::string("\x94") + static_cast<char>(p.cls);
    case PatKind::Zero: return "\x97";
    case PatKind::Deferred: return std::string("\x82") + 'm';
  }
  return "";
}

TEST(MatcherOracle, RandomRulesAgreeWithTheReferenceBacktracker) {
  Fixture fx;
  std::mt19937 rng(20261122);
  const std::vector<std::string> alphabet = {"a", "b", "c", ".", "@", "A"};
  const std::vector<std::string> macro_values = {"ab", "a.b", "", "b", "c.a"};
  Matcher matcher;
  ClassMembershipCache cache;  // used on every other iteration
  int matched = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    // A random LHS with at most 9 wildcards.
    std::vector<PatToken> lhs;
    int wild = 0;
    int len = static_cast<int>(rng() % 7);
    bool undefined = rng() % 5 == 0;
    std::string mval = macro_values[rng() % macro_values.size()];
    for (int i = 0; i < len; ++i) {
      PatToken t;
      int k = static_cast<int>(rng() % 10);
      if (wild >= 9) k = 0;
      switch (k) {
        case 0: case 1: case 2: t.kind = PatKind::Literal; t.text = alphabet[rng() % alphabet.size()]; break;
        case 3: t.kind = PatKind::ZeroOrMore; ++wild; break;
        case 4: t.kind = PatKind::OneOrMore; ++wild; break;
        case 5: t.kind = PatKind::ExactlyOne; ++wild; break;
        case 6: t.kind = PatKind::InClass; t.cls = rng() % 2 ? 'X' : 'Y'; ++wild; break;
        case 7: t.kind = PatKind::NotInClass; t.cls = rng() % 2 ? 'X' : 'Y'; ++wild; break;
        case 8: t.kind = PatKind::Zero; break;
        default: t.kind = PatKind::Deferred; t.text = mval; t.undefined = undefined; break;
      }
      lhs.push_back(t);
    }
    std::vector<std::string> ws;
    int wlen = static_cast<int>(rng() % 9);
    for (int i = 0; i < wlen; ++i) ws.push_back(alphabet[rng() % alphabet.size()]);

    // Engine.
    Symbols syms(fx.base);
    std::vector<Sym> lhs_syms, ws_syms;
    for (const auto& t : lhs) lhs_syms.push_back(syms.intern(spell(t)));
    for (const auto& w : ws) ws_syms.push_back(syms.intern(w));
    ConfigMacros base_macros(fx.cf);
    MacroOverlay macros(base_macros);
    if (!undefined) macros.define('m', mval);
    MatchEnv env{&syms, &fx.classes, &macros, &fx.tabs.internal, ' '};
    if (iter % 2) {
      cache.validate(fx.classes.generation, syms.generation());
      env.class_cache = &cache;
    }
    Bindings b;
    bool got = matcher.match(lhs_syms, ws_syms, env, b);

    // Oracle.
    auto in_class = [&](int cls, int first, int end) {
      std::vector<std::string_view> parts;
      for (int i = first; i < end; ++i) parts.push_back(ws[static_cast<std::size_t>(i)]);
      return fx.classes.contains(cls, cataddr(parts, 2048, ' ', true, fx.tabs.internal));
    };
    auto word_in = [&](int cls, const std::string& w) { return fx.classes.contains(cls, w); };
    auto want = oracle::oracle_match(lhs, ws, in_class, word_in);

    ASSERT_EQ(got, want.matched) << "iteration " << iter;
    if (!got) continue;
    ++matched;
    ASSERT_EQ(b.count, static_cast<int>(want.bindings.size())) << "iteration " << iter;
    for (int i = 0; i < b.count; ++i) {
      EXPECT_EQ(b.slot[static_cast<std::size_t>(i)].first, want.bindings[static_cast<std::size_t>(i)].first)
          << "iteration " << iter << " binding " << i;
      EXPECT_EQ(b.slot[static_cast<std::size_t>(i)].end, want.bindings[static_cast<std::size_t>(i)].end)
          << "iteration " << iter << " binding " << i;
    }
  }
  EXPECT_GT(matched, 1000);  // the generator must exercise successful matches too
}

TEST(MatcherOracle, LeftmostShortestBindings) {
  Fixture fx;
  Symbols syms(fx.base);
  ConfigMacros base_macros(fx.cf);
  MacroOverlay macros(base_macros);
  MatchEnv env{&syms, &fx.classes, &macros, &fx.tabs.internal, ' '};
  Matcher m;
  Bindings b;
  auto toks = [&](std::initializer_list<const char*> l) {
    std::vector<Sym> v;
    for (auto* s : l) v.push_back(syms.intern(s));
    return v;
  };
  // $* @ $* on a @ b @ c binds "a" and "b @ c" (reference §3.3).
  ASSERT_TRUE(m.match(toks({"\x90", "@", "\x90"}), toks({"a", "@", "b", "@", "c"}), env, b));
  EXPECT_EQ(b.slot[0].first, 0);
  EXPECT_EQ(b.slot[0].end, 1);
  EXPECT_EQ(b.slot[1].first, 2);
  EXPECT_EQ(b.slot[1].end, 5);
  // $+ $+ on a b c binds "a" and "b c".
  ASSERT_TRUE(m.match(toks({"\x91", "\x91"}), toks({"a", "b", "c"}), env, b));
  EXPECT_EQ(b.slot[0].end, 1);
  EXPECT_EQ(b.slot[1].end, 3);
}

// The membership cache answers by symbol; it must forget its answers when
// the class table changes (test mode's .C) and when a symbol id comes to
// mean another token (Symbols::clear_local).
struct CachedMatcher {
  Fixture fx;
  Symbols syms{fx.base};
  ConfigMacros base_macros{fx.cf};
  MacroOverlay macros{base_macros};
  ClassMembershipCache cache;
  MatchEnv env{&syms, &fx.classes, &macros, &fx.tabs.internal, ' ', &cache};
  Matcher m;
  Bindings b;
  // Checks the stamps first, as each rewrite() does.
  bool match(const std::vector<Sym>& lhs, const std::vector<Sym>& ws) {
    cache.validate(fx.classes.generation, syms.generation());
    return m.match(lhs, ws, env, b);
  }
};

TEST(ClassMembershipCache, ForgetsAnswersWhenTheClassTableChanges) {
  CachedMatcher t;
  t.fx.classes.add('Z', "zee");  // (a class of words as long as the token)
  const std::vector<Sym> lhs = {t.syms.intern("\x93Z")};
  const std::vector<Sym> ws = {t.syms.intern("zed")};
  EXPECT_FALSE(t.match(lhs, ws));
  t.fx.classes.add('Z', "ZED");
  EXPECT_TRUE(t.match(lhs, ws));
  EXPECT_EQ(t.cache.find(ws[0], 'Z'), 1);
}

TEST(ClassMembershipCache, ForgetsAnswersWhenLocalSymbolsAreCleared) {
  CachedMatcher t;
  t.fx.classes.add('Z', "zed");
  const Sym zed = t.syms.intern("zed");
  EXPECT_TRUE(t.match({t.syms.intern("\x93Z")}, {zed}));
  t.syms.clear_local();
  const Sym other = t.syms.intern("zee");
  ASSERT_EQ(other, zed);  // the same id now names another token
  EXPECT_FALSE(t.match({t.syms.intern("\x93Z")}, {other}));
}

}  // namespace
}  // namespace smcf
