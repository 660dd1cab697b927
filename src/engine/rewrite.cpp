// rewrite.cpp -- the ruleset interpreter.
#include "engine/rewrite.hpp"
#include "ir/run_names.hpp"

#include <fmt/format.h>

#include <array>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/call_targets.hpp"
#include "engine/compiled.hpp"
#include "engine/map_port.hpp"
#include "engine/trace.hpp"
#include "macro/macro_source.hpp"
#include "names/ruleset_name.hpp"
#include "token/cataddr.hpp"
#include "token/prescan.hpp"

namespace smcf {

using namespace metabyte;

std::string ruleset_trace_name(const Config& cf, int ruleset) { return ruleset_display_name(cf, ruleset); }

int Rewriter::rewrite(Workspace& pvp, int ruleset, int reclevel, int maxatom) {
  Reporter& rep = *env_.rep;
  Symbols& syms = *env_.syms;
  if (ruleset < 0 || ruleset >= limits::kMaxRulesets) {
    rep.syserr("rewrite-illegal-ruleset", fmt::format("554 5.3.5 rewrite: illegal ruleset number {}", ruleset));
    return rwstat::kConfig;
  }
  std::string& cached = names_[static_cast<std::size_t>(ruleset)];
  if (cached.empty()) cached = ruleset_display_name(env_.cc->ir(), ruleset);
  const std::string& rulename = cached;
  if (env_.trace) env_.trace->enter(ruleset, rulename, pvp, syms);
  if (reclevel++ > limits::kMaxRuleRecursion) {
    rep.syserr("rewrite-recursion", fmt::format("rewrite: excessive recursion (max {}), ruleset {}",
                                                limits::kMaxRuleRecursion, rulename));
    return rwstat::kConfig;
  }
  if (maxatom <= 0) return 64;

  const auto& rules = env_.cc->ruleset(ruleset).rules;
  MatchEnv menv{env_.syms, env_.classes, env_.macros, &env_.cc->tables().internal, env_.space_sub, &class_cache_};
  class_cache_.validate(env_.classes->generation, syms.generation());
  int rstat = rwstat::kOk;
  int ruleno = 1;
  int loopcount = 0;
  std::size_t r = 0;
  Bindings b;
  Workspace& npvp = scratch_[static_cast<std::size_t>(reclevel)];
  Matcher& matcher = matchers_[static_cast<std::size_t>(reclevel)];
  // What the rules' prefilters look at, recomputed whenever the workspace
  // changes (the bloom mask only when a rule asks for it).
  std::size_t ws_size = 0;
  Sym ws_first = kNoSym, ws_last = kNoSym;
  bool resolved = false;     // starts with $#: nothing more to do
  std::uint64_t ws_mask = 0;
  bool folds_valid = false;  // ws_folds and ws_mask describe pvp
  Workspace& ws_folds = folds_[static_cast<std::size_t>(reclevel)];
  auto workspace_changed = [&]() {
    ws_size = pvp.size();
    ws_first = ws_size ? syms.fold(pvp.front()) : kNoSym;
    ws_last = ws_size ? syms.fold(pvp.back()) : kNoSym;
    resolved = ws_size && syms.lead(pvp.front()) == kCanonNet;
    folds_valid = false;
  };
  auto compute_folds = [&]() {
    ws_folds.resize(pvp.size());
    ws_mask = 0;
    for (std::size_t k = 0; k < pvp.size(); ++k) {
      ws_folds[k] = syms.fold(pvp[k]);
      ws_mask |= sym_bit(ws_folds[k]);
    }
    folds_valid = true;
  };
  workspace_changed();
  while (r < rules.size()) {
    if (resolved) break;
    if (++loopcount > limits::kRuleLoopLimit) {
      rep.syserr("rewrite-infinite-loop",
                 fmt::format("554 5.3.5 Infinite loop in ruleset {}, rule {}", rulename, ruleno));
      break;
    }
    const CompiledRule& rule = rules[r];
    bool candidate = ws_size >= rule.min_tokens && (!rule.fixed_length || ws_size == rule.min_tokens) &&
                     (rule.first_fold == kNoSym || ws_first == rule.first_fold) &&
                     (rule.last_fold == kNoSym || ws_last == rule.last_fold);
    if (candidate && rule.literal_mask) {
      if (!folds_valid) compute_folds();
      candidate = (ws_mask & rule.literal_mask) == rule.literal_mask;
    }
    bool matched = false;
    if (candidate) {
      if (!folds_valid) compute_folds();
      matched = matcher.match(rule.pattern, rule.wildcards, pvp, ws_folds, menv, b);
    }
    if (!matched) {
      ++r;
      ++ruleno;
      loopcount = 0;
      continue;
    }
    if (env_.trace) env_.trace->rule_matched(ruleset, rulename, ruleno, rule.line, b, pvp, syms);
    const bool track = rule.quoted_call && env_.stripped;
    const RhsOrigin origin{ruleset, r, &origins_};
    const std::size_t rhs_base = rule.rhs_prefix ? 1 : 0;  // ops start after the prefix

    if (rule.rhs_prefix == kCanonUser) {
      ++r;
      ++ruleno;
      loopcount = 0;
    } else if (rule.rhs_prefix == kCanonHost) {
      r = rules.size();
    }

    // Substitute.
    npvp.clear();
    auto too_long = [&]() {
      rep.syserr("rewrite-too-long", "554 5.3.0 rewrite: expansion too long");
      return rwstat::kDataErr;
    };
    if (track) origins_.clear();
    for (std::size_t i = 0; i < rule.replacement.size(); ++i) {
      if (track) origins_.resize(npvp.size(), 0);
      const ReplOp& op = rule.replacement[i];
      if (op.kind == ReplKind::kSlot) {
        int idx = op.arg - '1';
        if (idx < 0 || idx >= b.count) {
          rep.syserr("rewrite-replacement-out-of-bounds",
                     fmt::format("554 5.3.5 rewrite: ruleset {}: replacement ${} out of bounds", rulename,
                                 static_cast<char>(op.arg)));
          return rwstat::kConfig;
        }
        const Binding& m = b.slot[static_cast<std::size_t>(idx)];
        if (static_cast<int>(npvp.size()) + (m.end - m.first) > maxatom) return too_long();
        npvp.insert(npvp.end(), pvp.begin() + m.first, pvp.begin() + m.end);
        continue;
      }
      if (static_cast<int>(npvp.size()) >= maxatom) return too_long();
      if (op.kind == ReplKind::kToken) {
        if (!track) {
          npvp.push_back(op.sym);
          continue;
        }
        // The token as this session's runs have left it.
        const std::string* now = env_.stripped->find(ruleset, origin.rule, rhs_base + i);
        npvp.push_back(now ? syms.intern(*now) : op.sym);
        origins_.push_back(static_cast<std::uint32_t>(rhs_base + i + 1));
        continue;
      }
      // $&x: the macro's current value, tokenized as an external string.
      const std::string* mval = env_.macros->macro_value(op.arg);
      if (mval == nullptr || c_str_view(*mval).empty()) continue;
      Workspace& scanned = macro_tokens_;
      scanned.clear();
      InternSink sink(*env_.syms, scanned);
      PrescanRequest req{*mval, '\0', limits::kPrescanBuf, &env_.cc->tables().external, false};
      if (!prescan(req, sink, env_.rep).ok) return rwstat::kDataErr;
      for (Sym s : scanned) {
        npvp.push_back(s);
        if (static_cast<int>(npvp.size()) >= maxatom) return too_long();
      }
    }

    // Lookups first, then $> calls; most results hold neither, and one
    // look at the lead bytes tells.
    bool lookups = false, calls = false;
    auto scan = [&]() {
      lookups = calls = false;
      for (Sym s : npvp) {
        unsigned char lead = syms.lead(s);
        lookups |= lead == kHostBegin || lead == kLookupBegin;
        calls |= lead == kCallSubr;
      }
    };
    if (track) origins_.resize(npvp.size(), 0);
    scan();
    if (lookups) {
      if (int st = expand_lookups(npvp, maxatom, rstat, track ? &origins_ : nullptr); st != rwstat::kOk) return st;
      scan();  // (a lookup's result may hold anything)
    }
    if (calls) {
      int status = call_subroutines(npvp, reclevel, track ? &origin : nullptr);
      if (rstat == rwstat::kOk || status == rwstat::kTempFail) rstat = status;
    }
    pvp.swap(npvp);
    workspace_changed();
  }
  if (env_.trace) env_.trace->leave(ruleset, rulename, pvp, syms);
  return rstat;
}

// Replaces every $[ ... $] and $( map ... $) group of the new workspace by
// the lookup's result.  Returns a non-OK status only when the rewrite must
// stop (expansion too long, bad result); lookup statuses go into rstat.
int Rewriter::expand_lookups(Workspace& ws, int maxatom, int& rstat, std::vector<std::uint32_t>* origins) {
  Symbols& syms = *env_.syms;
  Reporter& rep = *env_.rep;
  const CharTables& tabs = env_.cc->tables();
  for (std::size_t pos = 0; pos < ws.size(); ++pos) {
    unsigned char lead = syms.lead(ws[pos]);
    unsigned char end_token;
    std::string_view mapname;
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
      mapname = syms.text(ws[pos + 1]);
      key_start = pos + 2;
    } else {
      continue;
    }
    const bool have_map = env_.maps && env_.maps->has_map(mapname);
    if (!have_map) rep.syserr("rewrite-map-not-found", fmt::format("554 5.3.0 rewrite: map {} not found", mapname));

    // Segments: key [$@ arg]... [$: default] up to the end token.  A $@ or
    // $: ends the segment before it.
    std::size_t q = key_start;
    std::size_t key_end = std::string::npos;
    std::size_t def_start = std::string::npos, def_end = std::string::npos;
    std::size_t arg_start = 0;
    arg_ranges_.clear();
    enum { Key, Arg, Default } seg = Key;
    auto close_segment = [&](std::size_t at) {
      if (seg == Key && key_end == std::string::npos) key_end = at;
      if (seg == Arg) arg_ranges_.emplace_back(arg_start, at);
      if (seg == Default && def_end == std::string::npos) def_end = at;
    };
    while (q < ws.size() && syms.lead(ws[q]) != end_token) {
      unsigned char t = syms.lead(ws[q]);
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
    const std::size_t after = q < ws.size() ? q + 1 : q;  // past the end token

    auto join = [&](std::string& out, std::size_t a, std::size_t e, std::size_t bufsize, int sep, bool external) {
      parts_.clear();
      for (std::size_t x = a; x < e; ++x) parts_.push_back(syms.text(ws[x]));
      out.clear();
      cataddr_append(out, parts_, bufsize, sep, external, tabs.internal);
    };
    // Arguments share sendmail's one prescan-sized buffer; at most 8 reach
    // the map.
    std::size_t nargs = 0;
    std::size_t argbuf_left = limits::kPrescanBuf;
    for (auto [a, e] : arg_ranges_) {
      if (args_.size() <= nargs) args_.emplace_back();
      join(args_[nargs], a, e, argbuf_left, static_cast<unsigned char>(env_.space_sub), true);
      std::size_t used = args_[nargs].size() + 1;
      argbuf_left = argbuf_left > used ? argbuf_left - used : 0;
      if (nargs < static_cast<std::size_t>(limits::kMaxMapArgs - 2)) ++nargs;
    }
    args_.resize(nargs);
    int sep = have_map ? env_.maps->key_space_sub(mapname) : 0;
    if (sep == 0) sep = static_cast<unsigned char>(env_.space_sub);
    join(key_, key_start, key_end, limits::kMaxKey, sep, true);

    std::optional<std::string> found;
    if (have_map) found = env_.maps->lookup(mapname, key_, args_, &rstat);
    const std::string* replac = found ? &*found : nullptr;
    if (!replac && def_start != std::string::npos) {
      join(default_text_, def_start, def_end, limits::kMaxKey, static_cast<unsigned char>(env_.space_sub), false);
      replac = &default_text_;
    }

    Workspace& repl = repl_;
    repl.clear();
    if (!replac) {
      repl.assign(ws.begin() + static_cast<std::ptrdiff_t>(key_start), ws.begin() + static_cast<std::ptrdiff_t>(key_end));
    } else if (!c_str_view(*replac).empty()) {
      InternSink sink(*env_.syms, repl);
      PrescanRequest req{*replac, '\0', limits::kPrescanBuf, found ? &tabs.external : &tabs.internal, false};
      if (!prescan(req, sink, env_.rep).ok) return rwstat::kDataErr;
    }
    if (found && env_.maps) env_.maps->recycle(std::move(*found));

    // ws = ws[0, pos) + repl + ws[after, end), each append checked
    // against maxatom as sendmail checks it.
    Workspace& rebuilt = rebuilt_;
    rebuilt.assign(ws.begin(), ws.begin() + static_cast<std::ptrdiff_t>(pos));
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
    ws.assign(rebuilt.begin(), rebuilt.end());
    if (origins) {
      // The result is new text; the tokens around it are still the rule's.
      rebuilt_origins_.assign(origins->begin(), origins->begin() + static_cast<std::ptrdiff_t>(pos));
      rebuilt_origins_.resize(resume, 0);
      rebuilt_origins_.insert(rebuilt_origins_.end(), origins->begin() + static_cast<std::ptrdiff_t>(after),
                              origins->end());
      origins->swap(rebuilt_origins_);
    }
    // Scanning continues after the replacement (the loop's ++pos).
    pos = resume == 0 ? static_cast<std::size_t>(-1) : resume - 1;
  }
  return rwstat::kOk;
}

// The quotes and backslashes of a $> target go, in the workspace and,
// when it is the rule's own RHS token, in the rule (for this session).
void Rewriter::strip_call_target(Workspace& pvp, std::size_t at, const RhsOrigin* origin) {
  std::string_view raw = env_.syms->text(pvp[at]);
  if (raw.find_first_of("\"\\") == std::string_view::npos) return;
  std::string stripped = strip_quotes(raw);
  pvp[at] = env_.syms->intern(stripped);
  if (origin && at < origin->of_token->size()) {
    if (std::uint32_t o = (*origin->of_token)[at]; o != 0)
      env_.stripped->set(origin->ruleset, origin->rule, o - 1, std::move(stripped));
  }
}

int Rewriter::call_subroutines(Workspace& pvp, int reclevel, const RhsOrigin* origin) {
  Symbols& syms = *env_.syms;
  Reporter& rep = *env_.rep;
  struct Call {
    int ruleset;
    std::size_t index;
  };
  std::array<Call, limits::kMaxSubr> calls;
  std::size_t ncalls = 0;
  for (std::size_t j = 0; j < pvp.size(); ++j) {
    if (syms.lead(pvp[j]) != kCallSubr || j + 1 >= pvp.size()) continue;
    strip_call_target(pvp, j + 1, origin);
    int number = find_ruleset(pvp[j + 1]);
    if (number < 0) {
      rep.syserr("rewrite-unknown-ruleset", fmt::format("554 5.3.5 Unknown ruleset {}", syms.text(pvp[j + 1])));
      return rwstat::kConfig;
    }
    if (env_.cc->ruleset_empty(number)) {
      // A call of an empty ruleset is dropped; the token after it is not
      // examined (sendmail's scan steps past it).
      pvp.erase(pvp.begin() + static_cast<std::ptrdiff_t>(j), pvp.begin() + static_cast<std::ptrdiff_t>(j) + 2);
      if (origin) {
        auto& of = *origin->of_token;
        of.erase(of.begin() + static_cast<std::ptrdiff_t>(j), of.begin() + static_cast<std::ptrdiff_t>(j) + 2);
      }
      continue;
    }
    if (ncalls + 1 >= static_cast<std::size_t>(limits::kMaxSubr)) {
      rep.syserr("rewrite-too-many-calls",
                 fmt::format("554 5.3.0 Too many subroutine calls ({} max)", limits::kMaxSubr));
      return rwstat::kConfig;
    }
    calls[ncalls++] = Call{number, j};
  }

  int rstat = rwstat::kOk;
  Workspace& tail = tails_[static_cast<std::size_t>(reclevel)];
  for (std::size_t c = ncalls; c-- > 0;) {
    const Call& call = calls[c];
    // The tail after `$> name` is rewritten on its own, then put back in
    // place of the call and the old tail.
    tail.assign(pvp.begin() + static_cast<std::ptrdiff_t>(call.index) + 2, pvp.end());
    pvp.resize(call.index);
    int status = rewrite(tail, call.ruleset, reclevel, limits::kMaxAtom - static_cast<int>(call.index));
    pvp.insert(pvp.end(), tail.begin(), tail.end());
    if (status != rwstat::kOk && status != rwstat::kTempFail) return status;
    if (rstat == rwstat::kOk || status == rwstat::kTempFail) rstat = status;
  }
  return rstat;
}

// The ruleset a $> target names (-1: none).  Lookups are remembered per
// token: a name's binding never changes once looked up.
int Rewriter::find_ruleset(Sym target) {
  auto it = ruleset_of_.find(target);
  if (it != ruleset_of_.end()) return it->second;
  std::string name(env_.syms->text(target));
  int n = smcf::find_ruleset(name, env_.names->rulesets, env_.rep).number;
  // Tokens local to this resolver may be forgotten later; remember only
  // the config's own.
  // Failed lookups are not remembered: some print a message every time.
  if (n >= 0 && target < env_.cc->symbols().size()) ruleset_of_.emplace(target, n);
  return n;
}

}  // namespace smcf
