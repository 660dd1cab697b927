// fuzz_rewrite.cpp -- random LHS patterns against random workspaces: the
// engine's matcher must agree with the test-only reference backtracker.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/match.hpp"
#include "ir/classes.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"
#include "oracle/backtrack_oracle.hpp"
#include "token/cataddr.hpp"
#include "token/symbols.hpp"

using smcf::oracle::PatKind;
using smcf::oracle::PatToken;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const smcf::CharTables tabs = smcf::make_char_tables(".:@[]");
  static smcf::ClassTable classes = [] {
    smcf::ClassTable c;
    for (const char* w : {"a", "b.c", "c a", "b", "a.b.a"}) c.add('X', w);
    c.add('Y', "c");
    return c;
  }();
  static const smcf::Config cf;
  static const std::vector<std::string> alphabet = {"a", "b", "c", ".", "@", "A"};
  if (size < 2) return 0;
  std::size_t split = data[0] % (size - 1) + 1;
  std::vector<PatToken> lhs;
  std::vector<std::string> spelled;
  int wild = 0;
  for (std::size_t i = 1; i < split && lhs.size() < 12; ++i) {
    PatToken t;
    unsigned k = data[i] % 10;
    if (wild >= 9 && k >= 3) k = 0;
    std::string s;
    switch (k) {
      case 0: case 1: case 2: t.kind = PatKind::Literal; t.text = alphabet[data[i] / 10 % alphabet.size()]; s = t.text; break;
      case 3: t.kind = PatKind::ZeroOrMore; s = "\x90"; ++wild; break;
      case 4: t.kind = PatKind::OneOrMore; s = "\x91"; ++wild; break;
      case 5: t.kind = PatKind::ExactlyOne; s = "\x92"; ++wild; break;
      case 6: t.kind = PatKind::InClass; t.cls = 'X'; s = "\x93X"; ++wild; break;
      case 7: t.kind = PatKind::NotInClass; t.cls = 'Y'; s = "\x94Y"; ++wild; break;
      case 8: t.kind = PatKind::Zero; s = "\x97"; break;
      default: t.kind = PatKind::Deferred; t.text = "a.b"; s = "\x82m"; break;
    }
    lhs.push_back(t);
    spelled.push_back(s);
  }
  // The reference backtracker is exponential in the wildcards (that is
  // why the engine does not use it): keep its inputs small enough that one
  // run stays far below libFuzzer's timeout, about C(n + w, w) steps.
  const std::size_t max_tokens = wild <= 2 ? 40 : wild <= 4 ? 20 : 12;
  std::vector<std::string> ws;
  for (std::size_t i = split; i < size && ws.size() < max_tokens; ++i)
    ws.push_back(alphabet[data[i] % alphabet.size()]);

  smcf::SymbolTable base;
  smcf::Symbols syms(base);
  std::vector<smcf::Sym> l, w;
  for (const auto& s : spelled) l.push_back(syms.intern(s));
  for (const auto& s : ws) w.push_back(syms.intern(s));
  smcf::ConfigMacros bm(cf);
  smcf::MacroOverlay macros(bm);
  macros.define('m', std::string("a.b"));
  smcf::MatchEnv env{&syms, &classes, &macros, &tabs.internal, ' '};
  smcf::Matcher m;
  smcf::Bindings b;
  bool got = m.match(l, w, env, b);
  auto in_class = [&](int cls, int first, int end) {
    std::vector<std::string_view> parts;
    for (int i = first; i < end; ++i) parts.push_back(ws[static_cast<std::size_t>(i)]);
    return classes.contains(cls, smcf::cataddr(parts, 2048, ' ', true, tabs.internal));
  };
  auto word_in = [&](int cls, const std::string& s) { return classes.contains(cls, s); };
  auto want = smcf::oracle::oracle_match(lhs, ws, in_class, word_in);
  if (got != want.matched) std::abort();
  if (got) {
    if (b.count != static_cast<int>(want.bindings.size())) std::abort();
    for (int i = 0; i < b.count; ++i)
      if (b.slot[static_cast<std::size_t>(i)].first != want.bindings[static_cast<std::size_t>(i)].first ||
          b.slot[static_cast<std::size_t>(i)].end != want.bindings[static_cast<std::size_t>(i)].end)
        std::abort();
  }
  return 0;
}
