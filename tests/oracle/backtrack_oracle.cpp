// backtrack_oracle.cpp -- the stack-based backtracker (tests only).
#include "oracle/backtrack_oracle.hpp"

#include <cctype>

namespace smcf::oracle {
namespace {

bool eq_nocase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

struct Frame {
  std::size_t pat;   // pattern index of the wildcard
  int first, last;   // tokens [first, last] (last = first - 1: empty)
};

}  // namespace

OracleResult oracle_match(const std::vector<PatToken>& lhs, const std::vector<std::string>& ws,
                          const std::function<bool(int, int, int)>& in_class,
                          const std::function<bool(int, const std::string&)>& word_in_class) {
  const int n = static_cast<int>(ws.size());
  std::vector<Frame> stack;
  std::size_t rp = 0;
  int ap = 0;
  for (;;) {
    bool fail = false;
    if (rp == lhs.size()) {
      if (ap == n) break;  // full match
      fail = true;
    } else if (ap == n && lhs[rp].kind != PatKind::ZeroOrMore && lhs[rp].kind != PatKind::Zero) {
      fail = true;
    } else {
      const PatToken& p = lhs[rp];
      switch (p.kind) {
        case PatKind::Literal:
          if (!eq_nocase(p.text, ws[static_cast<std::size_t>(ap)])) fail = true;
          else ++ap;
          break;
        case PatKind::ZeroOrMore:
          stack.push_back({rp, ap, ap - 1});
          break;
        case PatKind::OneOrMore:
        case PatKind::ExactlyOne:
          stack.push_back({rp, ap, ap});
          ++ap;
          break;
        case PatKind::NotInClass:
          if (word_in_class(p.cls, ws[static_cast<std::size_t>(ap)])) {
            fail = true;
          } else {
            stack.push_back({rp, ap, ap});
            ++ap;
          }
          break;
        case PatKind::InClass: {
          int e = ap;
          while (e < n && !in_class(p.cls, ap, e + 1)) ++e;
          if (e >= n) {
            fail = true;
          } else {
            stack.push_back({rp, ap, e});
            ap = e + 1;
          }
          break;
        }
        case PatKind::Zero:
          break;
        case PatKind::Deferred: {
          if (p.undefined) break;
          std::string rest = p.text;
          int k = ap;
          bool ok = true;
          while (!rest.empty()) {
            if (k >= n) { ok = false; break; }
            const std::string& t = ws[static_cast<std::size_t>(k)];
            if (rest.size() < t.size() || !eq_nocase(rest.substr(0, t.size()), t)) { ok = false; break; }
            rest.erase(0, t.size());
            ++k;
          }
          if (!ok) fail = true;
          else ap = k;
          break;
        }
      }
    }
    if (!fail) {
      ++rp;
      continue;
    }
    // Back up to the most recent wildcard that can grow.
    bool resumed = false;
    while (!stack.empty()) {
      Frame& f = stack.back();
      int next = f.last + 1;
      if (next >= n) {
        stack.pop_back();
        continue;
      }
      PatKind k = lhs[f.pat].kind;
      if (k == PatKind::ZeroOrMore || k == PatKind::OneOrMore) {
        f.last = next;
        ap = next + 1;
        rp = f.pat + 1;
        resumed = true;
        break;
      }
      if (k == PatKind::InClass) {
        int e = next;
        while (e < n && !in_class(lhs[f.pat].cls, f.first, e + 1)) ++e;
        if (e >= n) {
          stack.pop_back();
          continue;
        }
        f.last = e;
        ap = e + 1;
        rp = f.pat + 1;
        resumed = true;
        break;
      }
      stack.pop_back();
    }
    if (!resumed) return {};
  }
  OracleResult r;
  r.matched = true;
  for (const Frame& f : stack) r.bindings.push_back({f.first, f.last + 1});
  return r;
}

}  // namespace smcf::oracle
