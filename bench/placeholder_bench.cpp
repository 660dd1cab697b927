// placeholder_bench.cpp -- tokenizer throughput (more benchmarks arrive with the engine).
#include <benchmark/benchmark.h>

#include "token/prescan.hpp"

static void BM_PrescanAddress(benchmark::State& state) {
  auto tabs = smcf::make_char_tables(".:%@!^/[]+");
  for (auto _ : state) {
    smcf::TokenList sink;
    smcf::PrescanRequest req{"Alice Example <alice+tag@mail.example.com>", ',', 1256, &tabs.no_comment, false};
    benchmark::DoNotOptimize(smcf::prescan(req, sink, nullptr));
  }
}
BENCHMARK(BM_PrescanAddress);
BENCHMARK_MAIN();
