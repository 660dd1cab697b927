// resolve_bench.cpp -- Google Benchmark: the embeddable resolver on the
// bundled default config (sendmail's stock generic-linux.mc).
//
//   build/bench/resolve_bench
//
// Reported per benchmark: time per address, and `allocs/addr`, the heap
// allocations per address in steady state (counted by replacing the
// global operator new).  BM_TokenizeOnly is the floor the issue compares
// resolving against: only tokenizing (prescan + interning) the same
// addresses.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "smcf/smcf.hpp"
#include "token/prescan.hpp"
#include "token/symbols.hpp"

namespace {
std::atomic<long> g_allocs{0};
}  // namespace

// GCC warns that free() does not match the replaced operator new; it does,
// since both replacements use malloc/free.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

const std::vector<std::string>& addresses() {
  static const std::vector<std::string> a = {
      "alice",
      "alice@mx.test.example",
      "bob@example.com",
      "Carol Example <carol@example.org>",
      "dave.jones@relay.test.example",
      "user@[192.0.2.10]",
      "uunet!joe",
      "postmaster@localhost",
      "\"quoted user\"@example.net",
      "a%b@mx.test.example",
      "<@relay.test.example:joe@example.org>",
      "list-request@lists.example.com",
      "x@y.z",
      "MAILER-DAEMON",
      "someone+tag@mail.example.co.uk",
      "root@mx",
  };
  return a;
}

std::shared_ptr<const smcf::LoadedConfig> config() {
  static std::shared_ptr<const smcf::LoadedConfig> cf = [] {
    smcf::LoadOptions o;
    o.host_name = "mx.test.example";
    o.hosts_file = std::string(SMCF_SOURCE_DIR) + "/tests/conformance/corpus/pinned/hosts";
    o.passwd_file = std::string(SMCF_SOURCE_DIR) + "/tests/conformance/corpus/pinned/passwd";
    o.group_file = std::string(SMCF_SOURCE_DIR) + "/tests/conformance/corpus/pinned/group";
    o.uid = 0;
    o.remap.emplace_back("/etc/mail", "/nonexistent-smcf-bench");
    return smcf::LoadedConfig::from_file(std::string(SMCF_SOURCE_DIR) + "/rulesets/default.cf", o);
  }();
  return cf;
}

void report_allocs(benchmark::State& state, long before, std::size_t n) {
  state.counters["allocs/addr"] =
      benchmark::Counter(static_cast<double>(g_allocs.load() - before) / static_cast<double>(n));
}

void BM_LoadDefaultConfig(benchmark::State& state) {
  for (auto _ : state) {
    smcf::LoadOptions o;
    o.host_name = "mx.test.example";
    o.hosts_file = "/dev/null";
    auto cf = smcf::LoadedConfig::from_file(std::string(SMCF_SOURCE_DIR) + "/rulesets/default.cf", o);
    benchmark::DoNotOptimize(cf);
  }
}
BENCHMARK(BM_LoadDefaultConfig)->Unit(benchmark::kMillisecond);

void BM_TokenizeOnly(benchmark::State& state) {
  auto tabs = smcf::make_char_tables(".:%@!^/[]+");
  smcf::SymbolTable base;
  smcf::Symbols syms(base);
  struct Sink : smcf::TokenSink {
    smcf::Symbols* syms;
    std::vector<smcf::Sym> ws;
    void token(std::string_view s) override { ws.push_back(syms->intern(s)); }
  } sink;
  sink.syms = &syms;
  const auto& addrs = addresses();
  std::size_t i = 0, n = 0;
  long before = 0;
  for (auto _ : state) {
    if (n == 1000) before = g_allocs.load();
    sink.ws.clear();
    smcf::PrescanRequest req{addrs[i], '\0', 1256, &tabs.no_comment, false};
    benchmark::DoNotOptimize(smcf::prescan(req, sink, nullptr));
    if (++i == addrs.size()) i = 0;
    ++n;
  }
  if (n > 1000) report_allocs(state, before, n - 1000);
  state.SetItemsProcessed(static_cast<long>(n));
}
BENCHMARK(BM_TokenizeOnly)->Threads(1)->Threads(2)->UseRealTime();

void BM_Rewrite30(benchmark::State& state) {
  smcf::Resolver r(config());
  const auto& addrs = addresses();
  static const std::string_view kList[] = {"3", "0"};
  smcf::RewriteResult res;  // reused: its buffers grow once
  for (const auto& a : addrs) r.rewrite(a, kList, res);  // warm caches
  std::size_t i = 0, n = 0;
  long before = g_allocs.load();
  for (auto _ : state) {
    r.rewrite(addrs[i], kList, res);
    benchmark::DoNotOptimize(res);
    if (++i == addrs.size()) i = 0;
    ++n;
  }
  report_allocs(state, before, n);
  state.SetItemsProcessed(static_cast<long>(n));
}
BENCHMARK(BM_Rewrite30)->Threads(1)->Threads(2)->UseRealTime();

void BM_Resolve(benchmark::State& state) {
  smcf::Resolver r(config());
  const auto& addrs = addresses();
  smcf::ResolveResult res;
  for (const auto& a : addrs) r.resolve(a, res);
  std::size_t i = 0, n = 0;
  long before = g_allocs.load();
  for (auto _ : state) {
    r.resolve(addrs[i], res);
    benchmark::DoNotOptimize(res);
    if (++i == addrs.size()) i = 0;
    ++n;
  }
  report_allocs(state, before, n);
  state.SetItemsProcessed(static_cast<long>(n));
}
BENCHMARK(BM_Resolve);

}  // namespace

BENCHMARK_MAIN();
