// rule_line.cpp -- R lines: split at TABs into LHS, RHS and comment,
// expand macros, tokenize, check, and store typed tokens.
#include <fmt/format.h>

#include <array>
#include <string>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "macro/expand.hpp"
#include "macro/macro_source.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "token/prescan.hpp"

namespace smcf {
namespace {

// For smcf print --symbolic: every macro "expands" to a marker made of
// bytes that prescan keeps inside an atom (STX, two hex digits, ETX), which
// restore_macro_refs() turns back into the macro reference after
// tokenizing.  The reference itself cannot be the value: expand() would
// expand it again.
class SymbolicMacros final : public MacroSource {
 public:
  SymbolicMacros() {
    for (int id = 0; id < 256; ++id) markers_[static_cast<std::size_t>(id)] = fmt::format("\x02{:02x}\x03", id);
  }
  const std::string* macro_value(int id) const override { return &markers_[static_cast<std::size_t>(id & 0377)]; }

 private:
  std::array<std::string, 256> markers_;
};

void restore_macro_refs(std::string& tok) {
  for (std::size_t at; (at = tok.find('\x02')) != std::string::npos;) {
    if (at + 3 >= tok.size() || tok[at + 3] != '\x03') return;
    unsigned id = static_cast<unsigned>(std::stoul(tok.substr(at + 1, 2), nullptr, 16));
    tok.replace(at, 4, {static_cast<char>(metabyte::kMacroExpand), static_cast<char>(id)});
  }
}

std::vector<std::string> tokenize_side(ReadContext& ctx, std::string_view text, bool* ok) {
  ConfigMacros config_macros(ctx.cf);
  static const SymbolicMacros symbolic;
  const MacroSource& macros = ctx.symbolic_macros ? static_cast<const MacroSource&>(symbolic) : config_macros;
  std::string expanded = expand(text, macros, &ctx.rep, limits::kMaxLine);
  const CharTables& tabs = ctx.char_tables();
  TokenList sink;
  PrescanRequest req{expanded, '\t', limits::kRulePrescanBuf,
                     &tabs.get(ctx.cf.config_level >= 9 ? TableKind::NoComment : TableKind::Internal), true};
  PrescanResult r = prescan(req, sink, &ctx.rep);
  *ok = r.ok;
  if (!r.ok) sink.tokens.clear();
  if (ctx.symbolic_macros)
    for (auto& tok : sink.tokens) restore_macro_refs(tok);
  return std::move(sink.tokens);
}

unsigned char lead(const std::string& tok) { return tok.empty() ? 0 : static_cast<unsigned char>(tok[0]); }

std::vector<RuleToken> to_rule_tokens(const std::vector<std::string>& spellings) {
  std::vector<RuleToken> out;
  out.reserve(spellings.size());
  for (const auto& s : spellings) out.push_back(token_from_spelling(s));
  return out;
}

}  // namespace

void read_rule_line(ReadContext& ctx, std::string_view bp) {
  using namespace metabyte;
  if (ctx.current_ruleset < 0) {
    ctx.rep.syserr("rule-no-ruleset", fmt::format("missing valid ruleset for \"{}\"", bp));
    return;
  }
  std::size_t tab = bp.find('\t', 1);
  if (tab == std::string_view::npos) {
    ctx.rep.syserr("rule-no-tab", fmt::format("invalid rewrite line \"{}\" (tab expected)", bp));
    return;
  }

  Rule rule;
  rule.pos = ctx.pos(1);

  // LHS
  bool ok = false;
  std::vector<std::string> lhs = tokenize_side(ctx, bp.substr(1, tab - 1), &ok);
  int wildcards = 0;
  if (ok) {
    for (const auto& t : lhs) {
      const char* botch = nullptr;
      switch (lead(t)) {
        case kMatchZAny: case kMatchAny: case kMatchOne: case kMatchClass: case kMatchNClass:
          ++wildcards;
          break;
        case kMatchRepl: botch = "$1-$9"; break;
        case kCanonUser: botch = "$:"; break;
        case kCallSubr: botch = "$>"; break;
        case kCondIf: botch = "$?"; break;
        case kCondFi: botch = "$."; break;
        case kHostBegin: botch = "$["; break;
        case kHostEnd: botch = "$]"; break;
        case kLookupBegin: botch = "$("; break;
        case kLookupEnd: botch = "$)"; break;
        default: break;
      }
      if (botch) ctx.rep.syserr("rule-lhs-inappropriate", fmt::format("Inappropriate use of {} on LHS", botch));
    }
  } else {
    ctx.rep.syserr("rule-null-lhs", "R line: null LHS");
  }
  if (wildcards > limits::kMaxMatch) {
    ctx.rep.syserr("rule-too-many-wildcards", "R line: too many wildcards");
    lhs.clear();
  }
  rule.lhs = to_rule_tokens(lhs);

  // RHS: after the run of TABs, up to the next TAB; the rest is a comment.
  std::size_t p = tab;
  while (p < bp.size() && bp[p] == '\t') ++p;
  std::size_t q = p;
  while (p < bp.size() && bp[p] != '\t') ++p;
  std::string_view rhs_text = bp.substr(q, p - q);
  if (p < bp.size()) {
    std::size_t c = p;
    while (c < bp.size() && bp[c] == '\t') ++c;
    rule.comment = std::string(bp.substr(c));
  }
  std::vector<std::string> rhs = tokenize_side(ctx, rhs_text, &ok);
  if (ok) {
    const int max_digit = '0' + wildcards;
    bool in_map = false;
    int args = 0;
    unsigned char end_token = 0;
    for (const auto& t : rhs) {
      const char* botch = nullptr;
      unsigned char c = lead(t);
      switch (c) {
        case kMatchRepl: {
          int d = t.size() > 1 ? static_cast<unsigned char>(t[1]) : 0;
          if (d <= '0' || d > max_digit)
            ctx.rep.syserr("rule-replacement-out-of-bounds",
                           fmt::format("replacement ${} out of bounds", static_cast<char>(d)));
          break;
        }
        case kMatchZAny: botch = "$*"; break;
        case kMatchAny: botch = "$+"; break;
        case kMatchOne: botch = "$-"; break;
        case kMatchClass: botch = "$="; break;
        case kMatchNClass: botch = "$~"; break;
        case kCanonHost:
          if (!in_map) break;
          if (++args >= limits::kMaxMapArgs)
            ctx.rep.syserr("rule-too-many-map-args", "too many arguments for map lookup");
          break;
        case kHostBegin:
        case kLookupBegin:
          end_token = c == kHostBegin ? kHostEnd : kLookupEnd;
          if (in_map) ctx.rep.syserr("rule-nested-map", "cannot nest map lookups");
          in_map = true;
          args = 0;
          break;
        case kHostEnd:
        case kLookupEnd:
          if (c != end_token) break;
          in_map = false;
          end_token = 0;
          break;
        default:
          break;
      }
      if (botch) ctx.rep.syserr("rule-rhs-inappropriate", fmt::format("Inappropriate use of {} on RHS", botch));
    }
    if (in_map) ctx.rep.syserr("rule-unclosed-map", "missing map closing token");
  } else {
    ctx.rep.syserr("rule-null-rhs", "R line: null RHS");
  }
  rule.rhs = to_rule_tokens(rhs);
  ctx.cf.rulesets[static_cast<std::size_t>(ctx.current_ruleset)].rules.push_back(std::move(rule));
}

}  // namespace smcf
