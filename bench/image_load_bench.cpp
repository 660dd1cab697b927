// image_load_bench.cpp -- Google Benchmark: loading the stock generic config
// (the corpus's generic-linux.cf, sendmail's generic-linux.mc) from its text
// and from its compiled image (`smcf compile`, docs/compile.md), both through
// load_config() as -bt does, pinned like the conformance goldens.
//
//   build/bench/image_load_bench
//
// BM_LoadText    read the file, read the cf, compile the rules
// BM_LoadImage   read the image, check it, decode the -bt config
// The others split BM_LoadImage into its parts, and compare reading the
// image file with mapping it (docs/compile.md: why it is read).
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "image/byte_reader.hpp"
#include "image/checksum.hpp"
#include "image/config_loader.hpp"
#include "image/engine_part.hpp"
#include "image/image_compiler.hpp"
#include "image/image_format.hpp"
#include "image/image_reader.hpp"

namespace {

const std::string kCorpus = std::string(SMCF_SOURCE_DIR) + "/tests/conformance/corpus";
const std::string kName = "/etc/mail/generic-linux.cf";

smcf::SystemOptions pinned() {
  smcf::SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = kCorpus + "/pinned/hosts";
  o.passwd_file = kCorpus + "/pinned/passwd";
  o.group_file = kCorpus + "/pinned/group";
  o.uid = 0;
  o.no_dns = true;
  o.remap.emplace_back(kName, kCorpus + "/configs/generic-linux.cf");
  o.remap.emplace_back("/etc/mail/service.switch", kCorpus + "/pinned/service.switch");
  o.remap.emplace_back("/etc/mail", kCorpus + "/configs/etc-mail");
  return o;
}

const std::vector<smcf::CommandLineOption> kOptions = {{' ', "DontProbeInterfaces=true"}};

// The image, made once, in a temporary file.
struct ImageFile {
  std::string path;
  std::string bytes;
  ImageFile() {
    smcf::System sys(pinned());
    smcf::image::CompileSource src;
    src.name = kName;
    int err = 0;
    src.text = sys.read_file(kName, &err).value_or("");
    src.real_path = sys.real_path(kName);
    src.options = kOptions;
    std::string error;
    bytes = smcf::image::compile_image(src, sys, &error);
    if (bytes.empty()) {
      std::fprintf(stderr, "image_load_bench: cannot compile: %s\n", error.c_str());
      std::exit(1);
    }
    char tmpl[] = "/tmp/smcf-image-bench-XXXXXX";
    int fd = ::mkstemp(tmpl);
    path = tmpl;
    ::close(fd);
    if (!smcf::image::write_image_file(path, bytes, &error)) {
      std::fprintf(stderr, "image_load_bench: %s\n", error.c_str());
      std::exit(1);
    }
  }
  ~ImageFile() { ::unlink(path.c_str()); }
};

ImageFile& image() {
  static ImageFile f;
  return f;
}

void load(benchmark::State& state, const std::string& path) {
  smcf::System sys(pinned());
  smcf::ConfigRequest req;
  req.path = path;
  req.mode = smcf::image::ReadMode::TestMode;
  req.options = kOptions;
  for (auto _ : state) {
    smcf::Output out;  // what -bt would print at start-up
    smcf::Reporter rep(&out);
    rep.set_recording(false);
    smcf::LoadedConfigFile f = smcf::load_config(req, sys, rep);
    if (f.status != smcf::LoadedConfigFile::Status::Loaded) state.SkipWithError("not loaded");
    benchmark::DoNotOptimize(f.config.get());
  }
}

void BM_LoadText(benchmark::State& state) { load(state, kName); }
BENCHMARK(BM_LoadText)->Unit(benchmark::kMicrosecond);

void BM_LoadImage(benchmark::State& state) { load(state, image().path); }
BENCHMARK(BM_LoadImage)->Unit(benchmark::kMicrosecond);

// Getting the image's bytes: read() into a buffer (what load_config does)
// or mmap() and touch every page (what checksumming a mapping does).
std::uint64_t touch(const unsigned char* p, std::size_t n) {
  std::uint64_t s = 0;
  for (std::size_t i = 0; i < n; i += 64) s += p[i];
  return s;
}

void BM_ImageFileRead(benchmark::State& state) {
  const std::string& path = image().path;
  for (auto _ : state) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    ::fstat(fd, &st);
    std::string b(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < b.size()) {
      ssize_t n = ::read(fd, b.data() + done, b.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    benchmark::DoNotOptimize(touch(reinterpret_cast<const unsigned char*>(b.data()), b.size()));
  }
}
BENCHMARK(BM_ImageFileRead)->Unit(benchmark::kMicrosecond);

void BM_ImageFileMap(benchmark::State& state) {
  const std::string& path = image().path;
  for (auto _ : state) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    ::fstat(fd, &st);
    const std::size_t size = static_cast<std::size_t>(st.st_size);
    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (m == MAP_FAILED) {
      state.SkipWithError("mmap failed");
      break;
    }
    benchmark::DoNotOptimize(touch(static_cast<const unsigned char*>(m), size));
    ::munmap(m, size);
  }
}
BENCHMARK(BM_ImageFileMap)->Unit(benchmark::kMicrosecond);

// The parts of BM_LoadImage (from memory, no file).
void BM_ImageChecksum(benchmark::State& state) {
  const std::string& b = image().bytes;
  for (auto _ : state)
    benchmark::DoNotOptimize(smcf::image::xxh64(reinterpret_cast<const unsigned char*>(b.data()) + 24, b.size() - 24));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * (b.size() - 24)));
}
BENCHMARK(BM_ImageChecksum)->Unit(benchmark::kMicrosecond);

void BM_ImageDecode(benchmark::State& state) {
  const std::string& b = image().bytes;
  for (auto _ : state) {
    smcf::image::ImageReader r;
    if (!r.open(reinterpret_cast<const unsigned char*>(b.data()), b.size())) state.SkipWithError("bad image");
    auto v = r.load(smcf::image::ReadMode::TestMode, false);
    benchmark::DoNotOptimize(v->config.get());
  }
}
BENCHMARK(BM_ImageDecode)->Unit(benchmark::kMicrosecond);

void BM_EnginePartDecode(benchmark::State& state) {
  const std::string& b = image().bytes;
  smcf::image::ImageReader r;
  r.open(reinterpret_cast<const unsigned char*>(b.data()), b.size());
  for (auto _ : state) {
    auto part = std::make_unique<smcf::image::EnginePart>();
    if (!r.load_engine_part(smcf::image::ReadMode::TestMode, *part)) state.SkipWithError("bad image");
    benchmark::DoNotOptimize(part.get());
  }
}
BENCHMARK(BM_EnginePartDecode)->Unit(benchmark::kMicrosecond);

// What the engine's constructor costs on a decoded IR with its rule tokens
// put back (interning and compiling the rules again): what decoding the
// engine's part instead saves.
void BM_EngineRecompile(benchmark::State& state) {
  const std::string& b = image().bytes;
  smcf::image::ImageReader r;
  r.open(reinterpret_cast<const unsigned char*>(b.data()), b.size());
  const smcf::Config ir = r.load(smcf::image::ReadMode::TestMode, false)->config->ir_with_rule_tokens();
  for (auto _ : state) {
    state.PauseTiming();
    smcf::Config copy = ir;
    state.ResumeTiming();
    smcf::CompiledConfig cc(std::move(copy));
    benchmark::DoNotOptimize(&cc);
  }
}
BENCHMARK(BM_EngineRecompile)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
