// engine_bench.cpp -- Google Benchmark: tokenizing, and rewriting with the
// rules that make sendmail's backtracking exponential.
//
//   build/bench/engine_bench --benchmark_filter=Pathological
//
// BM_PathologicalEightStars: `R$* $* $* $* $* $* $* $* x  $@ found` on 100
// tokens that contain no "x".  sendmail tries every way to split the input
// among the eight $* (C(107,7) ~ 2.6e10 of them); smcf's matcher remembers
// failed (pattern, input) positions and answers in O(pattern x input^2);
// here the rule prefilter (no "x" in the workspace) answers first.
// BM_PathologicalMatcherOnly defeats the prefilter, so the memoized
// matcher itself is measured (100 tokens: ~0.11 ms).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "engine/rewrite.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "read/reader.hpp"
#include "runtime/engine_session.hpp"
#include "token/prescan.hpp"

namespace {

struct Engine {
  smcf::System sys{[] {
    smcf::SystemOptions o;
    o.host_name = "mx.test.example";
    o.hosts_file = "/dev/null";
    return o;
  }()};
  smcf::Reporter rep{nullptr};
  std::unique_ptr<smcf::EngineSession> session;
  smcf::Symbols* syms = nullptr;
  smcf::Rewriter* rw = nullptr;

  explicit Engine(const std::string& text) {
    rep.set_recording(false);
    smcf::ReadRequest req;
    req.file_name = "bench.cf";
    req.text = text;
    auto cc = std::make_shared<const smcf::CompiledConfig>(smcf::read_config(req, sys, rep));
    session = std::make_unique<smcf::EngineSession>(cc, sys, rep);
    syms = &session->symbols();
    rw = &session->rewriter();
  }
};

void BM_PathologicalEightStars(benchmark::State& state) {
  Engine e("V10\nSPath=10\nR$* $* $* $* $* $* $* $* x\t$@ found\n");
  smcf::Workspace input;
  for (int i = 0; i < state.range(0); ++i) input.push_back(e.syms->intern(i % 2 ? "a" : "."));
  for (auto _ : state) {
    smcf::Workspace ws = input;
    int st = e.rw->rewrite(ws, 10);
    benchmark::DoNotOptimize(st);
    if (ws.size() != input.size()) state.SkipWithError("the rule must not match");
  }
}
BENCHMARK(BM_PathologicalEightStars)->Arg(20)->Arg(100)->Unit(benchmark::kMicrosecond);

void BM_PathologicalFivePlus(benchmark::State& state) {
  Engine e("V10\nSPath=10\nR$+ $+ $+ $+ $+ x\t$@ found\n");
  smcf::Workspace input;
  for (int i = 0; i < 100; ++i) input.push_back(e.syms->intern("a"));
  for (auto _ : state) {
    smcf::Workspace ws = input;
    benchmark::DoNotOptimize(e.rw->rewrite(ws, 10));
  }
}
BENCHMARK(BM_PathologicalFivePlus)->Unit(benchmark::kMicrosecond);

// The same explosion with the prefilter defeated: every literal of the
// LHS is in the workspace (x at every third token, y at the end), so only
// the memoized matcher keeps it polynomial; "x y" never occurs, so the
// rule cannot match.
void BM_PathologicalMatcherOnly(benchmark::State& state) {
  Engine e("V10\nSPath=10\nR$* $* $* $* $* $* $* $* x y $*\t$@ found\n");
  smcf::Workspace input;
  for (int i = 0; i + 1 < state.range(0); ++i) input.push_back(e.syms->intern(i % 3 == 1 ? "x" : "a"));
  input.push_back(e.syms->intern("y"));
  for (auto _ : state) {
    smcf::Workspace ws = input;
    int st = e.rw->rewrite(ws, 10);
    benchmark::DoNotOptimize(st);
    if (ws.size() != input.size()) state.SkipWithError("the rule must not match");
  }
}
BENCHMARK(BM_PathologicalMatcherOnly)->Arg(20)->Arg(100)->Unit(benchmark::kMicrosecond);

void BM_PrescanAddress(benchmark::State& state) {
  auto tabs = smcf::make_char_tables(".:%@!^/[]+");
  for (auto _ : state) {
    smcf::TokenList sink;
    smcf::PrescanRequest req{"Alice Example <alice+tag@mail.example.com>", ',', 1256, &tabs.no_comment, false};
    benchmark::DoNotOptimize(smcf::prescan(req, sink, nullptr));
  }
}
BENCHMARK(BM_PrescanAddress);

}  // namespace

BENCHMARK_MAIN();
