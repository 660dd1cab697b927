// engine_part.cpp -- encoding and decoding the engine's precomputed part of
// an image (see engine_part.hpp).
#include "image/engine_part.hpp"

#include <cstring>

#include "base/limits.hpp"

namespace smcf::image {
namespace {

// The fewest bytes a compiled rule encodes to: two empty vectors (4 each)
// and the line (4).  Everything else in a CompiledRule is derived from
// these by compile_rule() when the image is read.
constexpr std::size_t kMinRuleSize = 4 + 4 + 4;

// A member added to a compiled rule or ruleset must be either derived by
// compile_rule() or encoded here (then bump kFormatVersion).  (Sizes on the
// usual 64-bit libstdc++ build; SymInfo needs no check, as its members are
// recomputed by interning.)
#if defined(__GLIBCXX__) && defined(__x86_64__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(CompiledRule) == 144,
              "CompiledRule changed: update src/image/engine_part.cpp and bump kFormatVersion");
static_assert(sizeof(CompiledRuleset) == 24,
              "CompiledRuleset changed: update src/image/engine_part.cpp and bump kFormatVersion");
#endif

void put_syms(ByteWriter& w, const std::vector<Sym>& v) {
  w.count(v.size());
  if (!v.empty()) w.raw(std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(Sym)));
}

// A vector of symbol ids, each below `limit` (or kNoSym when `no_sym_ok`).
void get_syms(ByteReader& r, std::vector<Sym>& v, std::size_t limit, bool no_sym_ok) {
  std::size_t n = r.count(sizeof(Sym));
  std::string_view b = r.bytes(n * sizeof(Sym));
  v.resize(b.size() / sizeof(Sym));
  if (!v.empty()) std::memcpy(v.data(), b.data(), v.size() * sizeof(Sym));
  for (Sym s : v) {
    if (s >= limit && !(no_sym_ok && s == kNoSym)) {
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
  const SymbolTable& syms = cc.symbols();
  w.count(syms.size());
  for (Sym s = 0; s < syms.size(); ++s) {
    const SymInfo& info = syms.info(s);
    w.string(info.text);
    w.u32(info.fold);
    w.u8(info.lead);
  }
  put_table(w, cc.tables().external);
  put_table(w, cc.tables().internal);
  put_table(w, cc.tables().no_comment);
  for (int n = 0; n < 200; ++n) {
    const auto& rules = cc.ruleset(n).rules;
    w.count(rules.size());
    for (const CompiledRule& cr : rules) {
      put_syms(w, cr.lhs);
      put_syms(w, cr.rhs);
      w.i32(cr.line);
    }
  }
}

bool decode_engine_part(ByteReader& r, EnginePart& out) {
  auto refuse = [&r](const char* what) {
    r.fail(what);
    return false;
  };
  // The symbols, interned again in id order: each lower-case spelling was
  // made before the spellings that fold to it, so the ids come out the same
  // (checked, with the fold and lead byte of each).
  std::size_t nsyms = r.count(4 + 4 + 1);
  out.symbols.clear();
  for (std::size_t i = 0; i < nsyms && r.ok(); ++i) {
    std::string_view text = r.string_view();
    Sym fold = r.u32();
    unsigned char lead = r.u8();
    if (!r.ok()) break;
    if (out.symbols.intern(text) != i) return refuse("symbol table out of order");
    const SymInfo& info = out.symbols.info(static_cast<Sym>(i));
    if (info.fold != fold || info.lead != lead) return refuse("symbol fold or lead byte wrong");
  }
  get_table(r, out.tables.external);
  get_table(r, out.tables.internal);
  get_table(r, out.tables.no_comment);
  for (auto& rs : out.rulesets) {
    rs.rules.resize(r.count(kMinRuleSize));
    for (CompiledRule& cr : rs.rules) {
      get_syms(r, cr.lhs, nsyms, false);
      get_syms(r, cr.rhs, nsyms, false);
      cr.line = r.i32();
      if (!r.ok()) return false;
      // The matcher binds at most kMaxMatch ($1..$9) slots, one per wildcard.
      if (!compile_rule(cr, out.symbols)) return refuse("compiled rule has too many wildcards");
    }
  }
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
    const auto& x = part.rulesets[static_cast<std::size_t>(n)].rules;
    const auto& y = cc.ruleset(n).rules;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const CompiledRule& a = x[i];
      const CompiledRule& b = y[i];
      // (The derived members follow from these and the symbols.)
      if (a.lhs != b.lhs || a.rhs != b.rhs || a.line != b.line) return false;
    }
  }
  return true;
}

std::shared_ptr<const CompiledConfig> make_compiled(Config&& cf, ByteReader& engine) {
  auto part = std::make_unique<EnginePart>();
  if (!decode_engine_part(engine, *part)) return nullptr;
  if (!engine.at_end()) {
    engine.fail("bytes after the engine part");
    return nullptr;
  }
  return std::make_shared<const CompiledConfig>(std::move(cf), std::move(part->symbols), part->tables,
                                                std::move(part->rulesets));
}

}  // namespace smcf::image
