// rewrite.cpp -- the ruleset interpreter.
#include "engine/rewrite.hpp"

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"
#include "base/printable.hpp"
#include "engine/compiled.hpp"
#include "engine/map_port.hpp"
#include "macro/macro_source.hpp"
#include "read/ruleset_name.hpp"
#include "token/cataddr.hpp"
#include "token/prescan.hpp"

namespace smcf {
namespace {

using namespace metabyte;

struct InternSink : TokenSink {
  Symbols* syms;
  Workspace* out;
  void token(std::string_view s) override { out->push_back(syms->intern(s)); }
};

// sendmail's stripquotes(): drops '"' and turns "\x" into "x".
std::string strip_quotes(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      if (++i >= s.size()) break;
      c = s[i];
    } else if (c == '"') {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string ruleset_trace_name(const Config& cf, int ruleset) { return ruleset_display_name(cf, ruleset); }

void Rewriter::trace_line(const std::string& name, const char* what, const Workspace& ws) {
  if (!env_.trace) return;
  std::string& b = env_.trace->buffer();
  // printf("%-16.16s") on bytes
  std::string_view n(name);
  if (n.size() > 16) n = n.substr(0, 16);
  b.append(n);
  b.append(16 - n.size(), ' ');
  b.append(what);
  for (Sym s : ws) {
    b.push_back(' ');
    append_printable(b, env_.syms->text(s), env_.cc->ir().macro_names);
  }
  b.push_back('\n');
  env_.trace->write("");  // lets a large buffer drain
}

int Rewriter::rewrite(Workspace& pvp, int ruleset, int reclevel, int maxatom) {
  Reporter& rep = *env_.rep;
  Symbols& syms = *env_.syms;
  if (ruleset < 0 || ruleset >= limits::kMaxRulesets) {
    rep.syserr("rewrite-illegal-ruleset", fmt::format("554 5.3.5 rewrite: illegal ruleset number {}", ruleset));
    return rwstat::kConfig;
  }
  const std::string rulename = ruleset_display_name(*env_.names, ruleset);
  trace_line(rulename, "   input:", pvp);
  if (reclevel++ > limits::kMaxRuleRecursion) {
    rep.syserr("rewrite-recursion", fmt::format("rewrite: excessive recursion (max {}), ruleset {}",
                                                limits::kMaxRuleRecursion, rulename));
    return rwstat::kConfig;
  }
  if (maxatom <= 0) return 64;

  if (matchers_.size() <= static_cast<std::size_t>(reclevel)) matchers_.resize(static_cast<std::size_t>(reclevel) + 1);
  const auto& rules = env_.cc->ruleset(ruleset).rules;
  MatchEnv menv{env_.syms, env_.classes, env_.macros, &env_.cc->tables().internal, env_.space_sub};
  int rstat = rwstat::kOk;
  int ruleno = 1;
  int loopcount = 0;
  std::size_t r = 0;
  Bindings b;
  Workspace npvp;
  while (r < rules.size()) {
    if (!pvp.empty() && syms.info(pvp[0]).lead == kCanonNet) break;  // already resolved
    if (++loopcount > limits::kRuleLoopLimit) {
      rep.syserr("rewrite-infinite-loop",
                 fmt::format("554 5.3.5 Infinite loop in ruleset {}, rule {}", rulename, ruleno));
      break;
    }
    const CompiledRule& rule = rules[r];
    if (!matchers_[static_cast<std::size_t>(reclevel)].match(rule.lhs, pvp, menv, b)) {
      ++r;
      ++ruleno;
      loopcount = 0;
      continue;
    }

    std::size_t k = 0;
    if (!rule.rhs.empty()) {
      unsigned char lead = syms.info(rule.rhs[0]).lead;
      if (lead == kCanonUser) {
        k = 1;
        ++r;
        ++ruleno;
        loopcount = 0;
      } else if (lead == kCanonHost) {
        k = 1;
        r = rules.size();
      }
    }

    // Substitute.
    npvp.clear();
    auto too_long = [&]() {
      rep.syserr("rewrite-too-long", "554 5.3.0 rewrite: expansion too long");
      return rwstat::kDataErr;
    };
    for (; k < rule.rhs.size(); ++k) {
      Sym t = rule.rhs[k];
      const SymInfo& ti = syms.info(t);
      if (ti.lead == kMatchRepl) {
        int idx = (ti.text.size() > 1 ? static_cast<unsigned char>(ti.text[1]) : 0) - '1';
        if (idx < 0 || idx >= b.count) {
          rep.syserr("rewrite-replacement-out-of-bounds",
                     fmt::format("554 5.3.5 rewrite: ruleset {}: replacement ${} out of bounds", rulename,
                                 ti.text.size() > 1 ? ti.text[1] : '\0'));
          return rwstat::kConfig;
        }
        const Binding& m = b.slot[static_cast<std::size_t>(idx)];
        for (int q = m.first; q < m.end; ++q) {
          if (static_cast<int>(npvp.size()) >= maxatom) return too_long();
          npvp.push_back(pvp[static_cast<std::size_t>(q)]);
        }
        continue;
      }
      if (static_cast<int>(npvp.size()) >= maxatom) return too_long();
      if (ti.lead != kMacroDExpand) {
        npvp.push_back(t);
        continue;
      }
      // $&x: the macro's current value, tokenized as an external string.
      unsigned char id = ti.text.size() > 1 ? static_cast<unsigned char>(ti.text[1]) : 0;
      const std::string* mval = env_.macros->macro_value(id);
      if (mval == nullptr || c_str_view(*mval).empty()) continue;
      Workspace scanned;
      InternSink sink;
      sink.syms = env_.syms;
      sink.out = &scanned;
      PrescanRequest req{*mval, '\0', limits::kPrescanBuf, &env_.cc->tables().external, false};
      if (!prescan(req, sink, env_.rep).ok) return rwstat::kDataErr;
      for (Sym s : scanned) {
        npvp.push_back(s);
        if (static_cast<int>(npvp.size()) >= maxatom) return too_long();
      }
    }

    if (int st = expand_lookups(npvp, maxatom, rstat, rulename); st != rwstat::kOk) return st;

    int status = call_subroutines(npvp, reclevel);
    if (rstat == rwstat::kOk || status == rwstat::kTempFail) rstat = status;
    pvp.swap(npvp);
  }
  trace_line(rulename, " returns:", pvp);
  return rstat;
}

// Replaces every $[ ... $] and $( map ... $) group of the new workspace by
// the lookup's result.  Returns a non-OK status only when the rewrite must
// stop (expansion too long, bad result); lookup statuses go into rstat.
int Rewriter::expand_lookups(Workspace& ws, int maxatom, int& rstat, const std::string& /*rulename*/) {
  Symbols& syms = *env_.syms;
  Reporter& rep = *env_.rep;
  const CharTables& tabs = env_.cc->tables();
  std::vector<std::string_view> parts;
  for (std::size_t pos = 0; pos < ws.size(); ++pos) {
    unsigned char lead = syms.info(ws[pos]).lead;
    unsigned char end_token;
    std::string mapname;
    std::size_t key_start;
    if (lead == kHostBegin) {
      end_token = kHostEnd;
      mapname = "host";
      key_start = pos + 1;
    } else if (lead == kLookupBegin) {
      end_token = kLookupEnd;
      if (pos + 1 >= ws.size()) {
        // sendmail asserts here; smcf reports and leaves the token alone.
        rep.syserr("rewrite-missing-mapname", "554 5.3.0 rewrite: missing mapname");
        continue;
      }
      mapname = std::string(syms.text(ws[pos + 1]));
      key_start = pos + 2;
    } else {
      continue;
    }
    bool have_map = env_.maps && env_.maps->has_map(mapname);
    if (!have_map) rep.syserr("rewrite-map-not-found", fmt::format("554 5.3.0 rewrite: map {} not found", mapname));

    // Segments: key [$@ arg]... [$: default] up to the end token.
    std::size_t q = key_start;
    std::size_t key_end = std::string::npos;
    std::size_t arg_start = std::string::npos;
    std::size_t def_start = std::string::npos, def_end = std::string::npos;
    std::vector<std::pair<std::size_t, std::size_t>> arg_ranges;
    std::size_t seg_start = key_start;
    enum { Key, Arg, Default } seg = Key;
    auto close_segment = [&](std::size_t at) {
      if (seg == Key && key_end == std::string::npos) key_end = at;
      if (seg == Arg) arg_ranges.emplace_back(arg_start, at);
      if (seg == Default && def_end == std::string::npos) def_end = at;
    };
    while (q < ws.size() && syms.info(ws[q]).lead != end_token) {
      unsigned char t = syms.info(ws[q]).lead;
      if (t != kCanonHost && t != kCanonUser) {
        ++q;
        continue;
      }
      close_segment(q);
      ++q;
      if (t == kCanonHost) {
        seg = Arg;
        arg_start = q;
      } else {
        seg = Default;
        def_start = q;
        def_end = std::string::npos;
      }
    }
    close_segment(q);
    (void)seg_start;
    std::size_t after = q < ws.size() ? q + 1 : q;  // skip the end token

    auto join = [&](std::size_t a, std::size_t e, std::size_t bufsize, int sep, bool external) {
      parts.clear();
      for (std::size_t x = a; x < e; ++x) parts.push_back(syms.text(ws[x]));
      return cataddr(parts, bufsize, sep, external, tabs.internal);
    };
    // Arguments share sendmail's one prescan buffer.
    std::vector<std::string> args;
    std::size_t argbuf_left = limits::kPrescanBuf;
    for (auto [a, e] : arg_ranges) {
      std::string s = join(a, e, argbuf_left, static_cast<unsigned char>(env_.space_sub), true);
      if (args.size() < static_cast<std::size_t>(limits::kMaxMapArgs - 2)) args.push_back(s);
      argbuf_left = argbuf_left > s.size() + 1 ? argbuf_left - s.size() - 1 : 0;
    }
    int sep = have_map ? env_.maps->key_space_sub(mapname) : 0;
    if (sep == 0) sep = static_cast<unsigned char>(env_.space_sub);
    std::string key = join(key_start, key_end, limits::kMaxKey, sep, true);

    std::optional<std::string> replac;
    if (have_map) replac = env_.maps->lookup(mapname, key, args, &rstat);
    bool external = replac.has_value();
    if (!replac && def_start != std::string::npos)
      replac = join(def_start, def_end, limits::kMaxKey, static_cast<unsigned char>(env_.space_sub), false);

    Workspace repl;
    if (!replac) {
      repl.assign(ws.begin() + static_cast<std::ptrdiff_t>(key_start), ws.begin() + static_cast<std::ptrdiff_t>(key_end));
    } else if (!c_str_view(*replac).empty()) {
      InternSink sink;
      sink.syms = env_.syms;
      sink.out = &repl;
      PrescanRequest req{*replac, '\0', limits::kPrescanBuf, external ? &tabs.external : &tabs.internal, false};
      if (!prescan(req, sink, env_.rep).ok) return rwstat::kDataErr;
    }

    Workspace rebuilt(ws.begin(), ws.begin() + static_cast<std::ptrdiff_t>(pos));
    for (Sym s : repl) {
      rebuilt.push_back(s);
      if (static_cast<int>(rebuilt.size()) >= maxatom) {
        rep.syserr("rewrite-too-long", "554 5.3.0 rewrite: expansion too long");
        return rwstat::kDataErr;
      }
    }
    std::size_t resume = rebuilt.size();
    for (std::size_t x = after; x < ws.size(); ++x) {
      rebuilt.push_back(ws[x]);
      if (static_cast<int>(rebuilt.size()) >= maxatom) {
        rep.syserr("rewrite-too-long", "554 5.3.0 rewrite: expansion too long");
        return rwstat::kDataErr;
      }
    }
    ws.swap(rebuilt);
    // Scanning continues after the replacement (the loop's ++pos).
    pos = resume == 0 ? static_cast<std::size_t>(-1) : resume - 1;
  }
  return rwstat::kOk;
}

int Rewriter::call_subroutines(Workspace& pvp, int reclevel) {
  Symbols& syms = *env_.syms;
  Reporter& rep = *env_.rep;
  struct Call {
    int ruleset;
    std::size_t index;
  };
  std::vector<Call> calls;
  for (std::size_t j = 0; j < pvp.size(); ++j) {
    if (syms.info(pvp[j]).lead != kCallSubr || j + 1 >= pvp.size()) continue;
    std::string target = strip_quotes(syms.text(pvp[j + 1]));
    pvp[j + 1] = syms.intern(target);
    RulesetRef ref = parse_ruleset(target, RulesetLookup::Find, *env_.names, env_.rep);
    if (ref.number < 0) {
      rep.syserr("rewrite-unknown-ruleset", fmt::format("554 5.3.5 Unknown ruleset {}", target));
      return rwstat::kConfig;
    }
    if (env_.cc->ruleset_empty(ref.number)) {
      // A call of an empty ruleset is dropped; the token after it is not
      // examined (sendmail's scan steps past it).
      pvp.erase(pvp.begin() + static_cast<std::ptrdiff_t>(j), pvp.begin() + static_cast<std::ptrdiff_t>(j) + 2);
      continue;
    }
    if (calls.size() + 1 >= static_cast<std::size_t>(limits::kMaxSubr)) {
      rep.syserr("rewrite-too-many-calls",
                 fmt::format("554 5.3.0 Too many subroutine calls ({} max)", limits::kMaxSubr));
      return rwstat::kConfig;
    }
    calls.push_back(Call{ref.number, j});
  }

  int rstat = rwstat::kOk;
  for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
    auto start = pvp.begin() + static_cast<std::ptrdiff_t>(it->index);
    pvp.erase(start, start + 2);
    Workspace tail(pvp.begin() + static_cast<std::ptrdiff_t>(it->index), pvp.end());
    int status = rewrite(tail, it->ruleset, reclevel, limits::kMaxAtom - static_cast<int>(it->index));
    pvp.resize(it->index);
    pvp.insert(pvp.end(), tail.begin(), tail.end());
    if (status != rwstat::kOk && status != rwstat::kTempFail) return status;
    if (rstat == rwstat::kOk || status == rwstat::kTempFail) rstat = status;
  }
  return rstat;
}

}  // namespace smcf
