// rule_patterns.cpp -- symbolic matching of LHS patterns against symbol
// sequences, RHS shapes and the re-application test.
#include "lint/rule_patterns.hpp"

#include <map>
#include <utility>

#include "base/bytes.hpp"

namespace smcf::lint {
namespace {

bool is_wildcard(TokenKind k) {
  return k == TokenKind::ZeroOrMore || k == TokenKind::OneOrMore || k == TokenKind::ExactlyOne ||
         k == TokenKind::InClass || k == TokenKind::NotInClass;
}

// Tokens an LHS compares literally (everything but wildcards, $@ and $&x).
bool is_literal(TokenKind k) { return !is_wildcard(k) && k != TokenKind::Host && k != TokenKind::Deferred; }

// sendmail compares literal tokens without case (SM_STRCASEEQ).
bool same_token(const RuleToken& a, const RuleToken& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == TokenKind::Atom) return equals_nocase(a.text, b.text);
  return a.arg == b.arg;
}

Sym wildcard_symbol(const RuleToken& t) {
  Sym s;
  s.token = t;
  switch (t.kind) {
    case TokenKind::ZeroOrMore: s.kind = SymKind::ZeroOrMore; break;
    case TokenKind::OneOrMore: s.kind = SymKind::OneOrMore; break;
    case TokenKind::ExactlyOne: s.kind = SymKind::One; break;
    case TokenKind::InClass: s.kind = SymKind::InClass; break;
    case TokenKind::NotInClass: s.kind = SymKind::NotInClass; break;
    default: s.kind = SymKind::Unknown; break;
  }
  return s;
}

bool nonempty(SymKind k) { return k != SymKind::ZeroOrMore && k != SymKind::Unknown; }
bool single_token(SymKind k) { return k == SymKind::Literal || k == SymKind::One || k == SymKind::NotInClass; }

class Coverer {
 public:
  Coverer(const std::vector<RuleToken>& p, const std::vector<Sym>& s, const ClassTable& c)
      : pat_(p), seq_(s), classes_(c) {}

  bool run(std::size_t i, std::size_t j) {
    auto key = std::make_pair(i, j);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    bool r = step(i, j);
    memo_[key] = r;
    return r;
  }

 private:
  bool step(std::size_t i, std::size_t j) {
    const std::size_t n = seq_.size();
    if (i == pat_.size()) return j == n;
    const RuleToken& e = pat_[i];
    switch (e.kind) {
      case TokenKind::Host:  // $@ on an LHS matches no tokens
        return run(i + 1, j);
      case TokenKind::Deferred:
        return false;  // depends on a run-time value
      case TokenKind::ZeroOrMore:
        for (std::size_t k = j; k <= n; ++k)
          if (run(i + 1, k)) return true;
        return false;
      case TokenKind::OneOrMore: {
        bool has_nonempty = false;
        for (std::size_t k = j + 1; k <= n; ++k) {
          has_nonempty = has_nonempty || nonempty(seq_[k - 1].kind);
          if (has_nonempty && run(i + 1, k)) return true;
        }
        return false;
      }
      case TokenKind::ExactlyOne:
        return j < n && single_token(seq_[j].kind) && run(i + 1, j + 1);
      case TokenKind::InClass:
        return j < n && in_class(seq_[j], e.arg) && run(i + 1, j + 1);
      case TokenKind::NotInClass:
        return j < n && not_in_class(seq_[j], e.arg) && run(i + 1, j + 1);
      default:
        return j < n && seq_[j].kind == SymKind::Literal && same_token(seq_[j].token, e) && run(i + 1, j + 1);
    }
  }

  bool in_class(const Sym& s, int cls) const {
    if (s.kind == SymKind::InClass) return s.token.arg == cls;
    return s.kind == SymKind::Literal && s.token.kind == TokenKind::Atom && classes_.contains(cls, s.token.text);
  }
  bool not_in_class(const Sym& s, int cls) const {
    if (s.kind == SymKind::NotInClass) return s.token.arg == cls;
    return s.kind == SymKind::Literal && s.token.kind == TokenKind::Atom && !classes_.contains(cls, s.token.text);
  }

  const std::vector<RuleToken>& pat_;
  const std::vector<Sym>& seq_;
  const ClassTable& classes_;
  std::map<std::pair<std::size_t, std::size_t>, bool> memo_;
};

// The LHS wildcards in order (match slots $1..$9).
std::vector<const RuleToken*> wildcards(const std::vector<RuleToken>& lhs) {
  std::vector<const RuleToken*> out;
  for (const auto& t : lhs)
    if (is_wildcard(t.kind)) out.push_back(&t);
  return out;
}

// Whether the output cannot start with $# (then the ruleset would stop).
bool safe_start(const std::vector<RuleToken>& lhs, const std::vector<Sym>& out, const std::vector<int>& slot_of) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const Sym& s = out[i];
    if (s.kind == SymKind::Literal) return s.token.kind != TokenKind::Mailer;
    while (j < lhs.size() && lhs[j].kind == TokenKind::Host) ++j;
    // $k taken from the LHS element the input starts with: the input's own
    // first token (which is not $#, or the rule would not be tried).
    if (j >= lhs.size() || !is_wildcard(lhs[j].kind) || slot_of[i] != static_cast<int>(j)) return false;
    if (nonempty(s.kind)) return true;
    ++j;  // an empty $* there: the next element supplies the first token
  }
  return true;
}

}  // namespace

std::vector<Sym> lhs_symbols(const std::vector<RuleToken>& lhs) {
  std::vector<Sym> out;
  for (const auto& t : lhs) {
    if (t.kind == TokenKind::Host) continue;
    if (t.kind == TokenKind::Deferred) {
      out.push_back(Sym{SymKind::Unknown, t});
    } else if (is_wildcard(t.kind)) {
      out.push_back(wildcard_symbol(t));
    } else {
      out.push_back(Sym{SymKind::Literal, t});
    }
  }
  return out;
}

bool covers(const std::vector<RuleToken>& pattern, const std::vector<Sym>& seq, const ClassTable& classes) {
  return Coverer(pattern, seq, classes).run(0, 0);
}

RhsShape rhs_shape(const Rule& r) {
  RhsShape s;
  std::size_t start = 0;
  if (!r.rhs.empty() && r.rhs[0].kind == TokenKind::User) {
    s.once = true;
    start = 1;
  } else if (!r.rhs.empty() && r.rhs[0].kind == TokenKind::Host) {
    s.ret = true;
    start = 1;
  }
  s.body.assign(r.rhs.begin() + static_cast<std::ptrdiff_t>(start), r.rhs.end());
  s.resolved = !s.body.empty() && s.body[0].kind == TokenKind::Mailer;
  for (const auto& t : s.body) {
    switch (t.kind) {
      case TokenKind::Call: case TokenKind::MapBegin: case TokenKind::HostBegin: case TokenKind::Deferred:
        s.opaque = true;
        break;
      default:
        break;
    }
  }
  return s;
}

std::optional<std::vector<Sym>> rhs_symbols(const Rule& r, const RhsShape& s) {
  if (s.opaque) return std::nullopt;
  std::vector<const RuleToken*> w = wildcards(r.lhs);
  std::vector<Sym> out;
  for (const auto& t : s.body) {
    if (t.kind == TokenKind::Replace) {
      int k = t.arg - '1';
      if (k < 0 || k >= static_cast<int>(w.size())) return std::nullopt;
      out.push_back(wildcard_symbol(*w[static_cast<std::size_t>(k)]));
    } else {
      out.push_back(Sym{SymKind::Literal, t});
    }
  }
  return out;
}

Reapply reapplies(const Rule& r, const ClassTable& classes) {
  RhsShape s = rhs_shape(r);
  if (s.once || s.ret || s.resolved || s.opaque || r.lhs.empty()) return Reapply::No;
  auto out = rhs_symbols(r, s);
  if (!out) return Reapply::No;
  if (!covers(r.lhs, *out, classes)) return Reapply::No;

  // Which LHS element each output symbol came from (-1: a literal).
  std::vector<int> lhs_index_of_slot;
  for (std::size_t i = 0; i < r.lhs.size(); ++i)
    if (is_wildcard(r.lhs[i].kind)) lhs_index_of_slot.push_back(static_cast<int>(i));
  std::vector<int> slot_of;
  std::vector<int> multiplicity(lhs_index_of_slot.size(), 0);
  int lit_out = 0;
  for (const auto& t : s.body) {
    if (t.kind == TokenKind::Replace) {
      int k = t.arg - '1';
      slot_of.push_back(lhs_index_of_slot[static_cast<std::size_t>(k)]);
      ++multiplicity[static_cast<std::size_t>(k)];
    } else {
      slot_of.push_back(-1);
      ++lit_out;
    }
  }
  if (!safe_start(r.lhs, *out, slot_of)) return Reapply::No;

  int lit_in = 0;
  for (const auto& t : r.lhs) lit_in += is_literal(t.kind) ? 1 : 0;
  // Growth on every pass when nothing matched is dropped and the output
  // is longer even with the shortest bindings.
  int growth = lit_out - lit_in;
  for (std::size_t k = 0; k < multiplicity.size(); ++k) {
    if (multiplicity[k] == 0) return Reapply::Loops;
    int min_len = r.lhs[static_cast<std::size_t>(lhs_index_of_slot[k])].kind == TokenKind::ZeroOrMore ? 0 : 1;
    growth += (multiplicity[k] - 1) * min_len;
  }
  return growth > 0 ? Reapply::Grows : Reapply::Loops;
}

}  // namespace smcf::lint
