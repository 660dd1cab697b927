// engine_part.cpp -- encoding and decoding the engine's precomputed part of
// an image (see engine_part.hpp).
#include "image/engine_part.hpp"

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include "base/limits.hpp"

namespace smcf::image {
namespace {

// The fewest bytes a compiled rule encodes to: two empty symbol arrays (a
// count of 4 bytes each) and the line (4).  Everything else in a
// CompiledRule is derived from these by RuleStore::add() when the image is
// read.
constexpr std::size_t kMinRuleSize = 4 + 4 + 4;

// A member added to a compiled rule must be either derived by
// RuleStore::add() or encoded here (then bump kFormatVersion).  (Size on
// the usual 64-bit libstdc++ build; SymInfo needs no check, as its members
// are the encoded spelling and fold and what follows from them.)
#if defined(__GLIBCXX__) && defined(__x86_64__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(CompiledRule) == 112,
              "CompiledRule changed: update src/image/engine_part.cpp and bump kFormatVersion");
#endif

// A counted array of 32-bit words (symbol ids, offsets).
void put_words(ByteWriter& w, std::span<const std::uint32_t> v) {
  w.count(v.size());
  if (!v.empty()) w.raw(std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(Sym)));
}

// An array of 32-bit words (symbol ids, offsets) of the given length.
void get_words(ByteReader& r, std::size_t n, std::vector<std::uint32_t>& v) {
  std::string_view b = r.bytes(n * sizeof(std::uint32_t));
  v.resize(b.size() / sizeof(std::uint32_t));
  if (!v.empty()) std::memcpy(v.data(), b.data(), v.size() * sizeof(std::uint32_t));
}

// A counted array of symbol ids, each below `limit`.
void get_syms(ByteReader& r, std::vector<Sym>& v, std::size_t limit) {
  get_words(r, r.count(sizeof(Sym)), v);
  for (Sym s : v) {
    if (s >= limit) {
      r.fail("symbol id out of range");
      return;
    }
  }
}

void put_table(ByteWriter& w, const CharTable& t) {
  for (CharType c : t) w.u8(static_cast<std::uint8_t>(c));
}

void get_table(ByteReader& r, CharTable& t) {
  std::string_view b = r.bytes(t.size());
  if (b.size() != t.size()) return;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto c = static_cast<unsigned char>(b[i]);
    if (c > static_cast<unsigned char>(CharType::One)) {
      r.fail("character type out of range");
      return;
    }
    t[i] = static_cast<CharType>(c);
  }
}

}  // namespace

void encode_engine_part(ByteWriter& w, const CompiledConfig& cc) {
  // The symbols: every spelling back to back, then where each ends, then
  // each one's fold.
  const SymbolTable& syms = cc.symbols();
  const std::size_t nsyms = syms.size();
  w.count(nsyms);
  std::string texts;
  std::vector<std::uint32_t> ends(nsyms), folds(nsyms);
  for (Sym s = 0; s < nsyms; ++s) {
    texts += syms.info(s).text;
    ends[s] = static_cast<std::uint32_t>(texts.size());
    folds[s] = syms.fold(s);
  }
  w.string(texts);
  put_words(w, ends);
  put_words(w, folds);
  put_table(w, cc.tables().external);
  put_table(w, cc.tables().internal);
  put_table(w, cc.tables().no_comment);
  // The rules, ruleset by ruleset, after the totals (for reserving).
  w.count(cc.rules().rule_count());
  w.count(cc.rules().token_count());
  for (int n = 0; n < 200; ++n) {
    const auto& rules = cc.ruleset(n).rules;
    w.count(rules.size());
    for (const CompiledRule& cr : rules) {
      put_words(w, cr.lhs);
      put_words(w, cr.rhs);
      w.i32(cr.line);
    }
  }
}

bool decode_engine_part(ByteReader& r, EnginePart& out) {
  auto refuse = [&r](const char* what) {
    r.fail(what);
    return false;
  };
  // The symbols (each takes at least its end and its fold, 4 bytes each).
  const std::size_t nsyms = r.count(4 + 4);
  const std::string_view texts = r.string_view();
  std::vector<std::uint32_t> ends, folds;
  get_words(r, r.count(4), ends);
  get_words(r, r.count(4), folds);
  if (!r.ok()) return false;
  if (ends.size() != nsyms || folds.size() != nsyms) return refuse("symbol table sizes disagree");
  if (!out.symbols.assign(texts, ends, folds))
    return refuse("symbol table malformed (spelling bounds, fold out of range, or a spelling twice)");
  get_table(r, out.tables.external);
  get_table(r, out.tables.internal);
  get_table(r, out.tables.no_comment);

  const std::size_t nrules = r.count(kMinRuleSize);
  const std::size_t ntokens = r.count(sizeof(Sym));
  if (!r.ok()) return false;
  out.rules.reserve(nrules, ntokens);
  std::vector<Sym> lhs, rhs;
  for (int n = 0; n < 200; ++n) {
    const std::size_t count = r.count(kMinRuleSize);
    for (std::size_t i = 0; i < count; ++i) {
      get_syms(r, lhs, nsyms);
      get_syms(r, rhs, nsyms);
      const int line = r.i32();
      if (!r.ok()) return false;
      // The matcher binds at most kMaxMatch ($1..$9) slots, one per wildcard.
      if (!out.rules.add(n, lhs, rhs, line, out.symbols)) return refuse("compiled rule has too many wildcards");
    }
  }
  out.rules.finish();
  return r.ok();
}

bool engine_part_matches(const EnginePart& part, const CompiledConfig& cc) {
  if (part.symbols.size() != cc.symbols().size()) return false;
  for (Sym s = 0; s < part.symbols.size(); ++s) {
    const SymInfo& a = part.symbols.info(s);
    const SymInfo& b = cc.symbols().info(s);
    if (a.text != b.text || a.fold != b.fold || a.lead != b.lead) return false;
  }
  if (part.tables.external != cc.tables().external || part.tables.internal != cc.tables().internal ||
      part.tables.no_comment != cc.tables().no_comment)
    return false;
  for (int n = 0; n < 200; ++n) {
    const auto& x = part.rules.ruleset(n).rules;
    const auto& y = cc.ruleset(n).rules;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const CompiledRule& a = x[i];
      const CompiledRule& b = y[i];
      // (The derived members follow from these and the symbols.)
      if (!std::ranges::equal(a.lhs, b.lhs) || !std::ranges::equal(a.rhs, b.rhs) || a.line != b.line) return false;
    }
  }
  return true;
}

std::shared_ptr<const CompiledConfig> make_compiled(std::unique_ptr<Config> cf, ByteReader& engine) {
  auto part = std::make_unique<EnginePart>();
  if (!decode_engine_part(engine, *part)) return nullptr;
  if (!engine.at_end()) {
    engine.fail("bytes after the engine part");
    return nullptr;
  }
  // The IR's rules have no tokens (ir_fields.hpp); they must be the
  // engine's rules, one for one.
  for (int n = 0; n < 200; ++n) {
    if (cf->rulesets[static_cast<std::size_t>(n)].rules.size() != part->rules.ruleset(n).rules.size()) {
      engine.fail("the config's rules and the engine's disagree");
      return nullptr;
    }
  }
  cf->rule_tokens_elided = true;
  return std::make_shared<const CompiledConfig>(std::move(cf), std::move(part->symbols), part->tables,
                                                std::move(part->rules));
}

}  // namespace smcf::image
