// tool_commands.cpp -- smcf test, smcf coverage and smcf diff: files in,
// reports out, exit statuses (the work is in tools/).
#include "cli/tool_commands.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "api/api_impl.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "cli/api_load.hpp"
#include "tools/address_corpus.hpp"
#include "tools/config_diff.hpp"
#include "tools/coverage.hpp"
#include "tools/rule_test.hpp"

namespace smcf::cli {
namespace {

void write_stdout(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

// A list of ruleset names or numbers ("3,0") that the config knows, or a
// message naming the first it does not.
std::optional<std::string> unknown_ruleset(const LoadedConfig& cf, const std::string& list) {
  std::size_t i = 0;
  while (i <= list.size()) {
    std::size_t comma = list.find(',', i);
    std::string name = list.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    if (cf.ruleset_number(name) < 0) return "no ruleset \"" + name + "\" in the config";
    if (comma == std::string::npos) break;
    i = comma + 1;
  }
  return std::nullopt;
}

// Reads every address file; prints the first error ("smcf WHO: ...").
bool read_corpus(const std::vector<std::string>& inputs, const char* who, std::vector<tools::CorpusLine>& out) {
  for (const auto& path : inputs)
    if (auto err = tools::read_address_file(path, out)) {
      std::fprintf(stderr, "smcf %s: %s\n", who, err->c_str());
      return false;
    }
  return true;
}

bool write_file(const std::string& path, const std::string& text) {
  std::string tmp = path + ".smcf-update";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())) || !out.flush()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int rule_test_command(const RuleTestArgs& args) {
  int status = 0;
  auto cf = load_api_config(args.common, std::nullopt, "test", &status);
  if (!cf) return status;
  std::vector<tools::ExpectFile> files(args.files.size());
  for (std::size_t i = 0; i < args.files.size(); ++i) {
    int err = 0;
    auto text = tools::read_whole_file(args.files[i], &err);
    if (!text) {
      std::fprintf(stderr, "smcf test: %s: cannot open: %s\n", args.files[i].c_str(), std::strerror(err));
      return exitstat::kNoInput;
    }
    if (auto bad = tools::parse_expect_file(args.files[i], *text, files[i])) {
      std::fprintf(stderr, "smcf test: %s\n", bad->c_str());
      return exitstat::kDataErr;
    }
    for (const auto& c : files[i].cases)
      if (auto bad = unknown_ruleset(*cf, c.rulesets)) {
        std::fprintf(stderr, "smcf test: %s:%d: %s\n", args.files[i].c_str(), c.line, bad->c_str());
        return exitstat::kDataErr;
      }
  }
  Resolver resolver(cf);
  std::vector<tools::FileResults> all;
  bool failed = false;
  for (const auto& f : files) {
    tools::FileResults fr{&f, tools::run_expect_file(f, resolver)};
    for (const auto& r : fr.results) failed = failed || !r.passed;
    all.push_back(std::move(fr));
  }
  if (args.update) {
    int changed = 0;
    for (const auto& fr : all) {
      bool any = false;
      for (const auto& r : fr.results) any = any || !r.passed;
      if (!any) continue;
      if (fr.file->name == "-" || !write_file(fr.file->name, tools::updated_text(*fr.file, fr.results))) {
        std::fprintf(stderr, "smcf test: cannot update %s: %s\n", fr.file->name.c_str(), std::strerror(errno));
        return exitstat::kCantCreat;
      }
      ++changed;
    }
    std::printf("updated %d file%s\n", changed, changed == 1 ? "" : "s");
    return exitstat::kOk;
  }
  write_stdout(args.format == "tap"     ? tools::render_tap(all)
               : args.format == "junit" ? tools::render_junit(all)
                                        : tools::render_text(all));
  return failed ? 1 : 0;
}

int coverage_command(const CoverageArgs& args) {
  int status = 0;
  auto cf = load_api_config(args.common, std::nullopt, "coverage", &status);
  if (!cf) return status;
  if (auto bad = unknown_ruleset(*cf, args.rulesets)) {
    std::fprintf(stderr, "smcf coverage: --rulesets: %s\n", bad->c_str());
    return exitstat::kUsage;
  }
  std::vector<tools::CorpusLine> corpus;
  if (!read_corpus(args.inputs, "coverage", corpus)) return exitstat::kDataErr;
  System sys(args.common.sys);
  tools::CfSource src = args.common.config ? tools::load_cf_source(sys, *args.common.config) : tools::CfSource();
  if (args.format == "annotate" && !src.has_text()) {
    std::fprintf(stderr, "smcf coverage: --format=annotate needs the cf text (-C FILE.cf, not an image)\n");
    return exitstat::kUsage;
  }
  tools::RuleHits hits;
  Resolver resolver(cf);
  resolver.set_trace([&hits](const TraceEvent& ev) { hits.record(ev); });
  for (const auto& a : corpus) resolver.rewrite(a.text, std::string_view(args.rulesets));
  tools::CoverageReport report = tools::build_coverage(cf->impl().cc->ir(), hits, corpus.size());
  write_stdout(args.format == "json"       ? tools::render_coverage_json(report, src)
               : args.format == "annotate" ? tools::render_coverage_annotated(report, src)
                                           : tools::render_coverage_text(report, src));
  return exitstat::kOk;
}

int diff_command(const DiffArgs& args) {
  int status = 0;
  auto old_cf = load_api_config(args.common, args.old_config, "diff", &status);
  if (!old_cf) return status;
  auto new_cf = load_api_config(args.common, args.new_config, "diff", &status);
  if (!new_cf) return status;
  for (const auto* cf : {old_cf.get(), new_cf.get()})
    if (auto bad = unknown_ruleset(*cf, args.rulesets)) {
      std::fprintf(stderr, "smcf diff: --rulesets: %s (%s)\n", bad->c_str(),
                   cf == old_cf.get() ? args.old_config.c_str() : args.new_config.c_str());
      return exitstat::kUsage;
    }
  std::vector<tools::CorpusLine> corpus;
  if (!read_corpus(args.inputs, "diff", corpus)) return exitstat::kDataErr;
  System sys(args.common.sys);
  tools::CfSource old_src = tools::load_cf_source(sys, args.old_config);
  tools::CfSource new_src = tools::load_cf_source(sys, args.new_config);
  tools::TraceRecorder old_rec, new_rec;
  Resolver old_r(old_cf), new_r(new_cf);
  old_r.set_trace([&old_rec](const TraceEvent& ev) { old_rec.record(ev); });
  new_r.set_trace([&new_rec](const TraceEvent& ev) { new_rec.record(ev); });
  tools::DiffReport report{args.old_config, args.new_config, args.rulesets, corpus.size(), {}};
  for (const auto& a : corpus) {
    std::string old_result = tools::result_text(old_r.rewrite(a.text, std::string_view(args.rulesets)));
    std::string new_result = tools::result_text(new_r.rewrite(a.text, std::string_view(args.rulesets)));
    auto old_trace = old_rec.take();
    auto new_trace = new_rec.take();
    if (old_result == new_result) continue;
    tools::AddressDiff d{a.file, a.line, a.text, {old_result, std::move(old_trace)}, {new_result, std::move(new_trace)}, 0};
    d.parted_at = tools::first_difference(d.old_side.trace, old_src, d.new_side.trace, new_src);
    report.diffs.push_back(std::move(d));
  }
  write_stdout(args.format == "json" ? tools::render_diff_json(report, old_src, new_src)
                                     : tools::render_diff_text(report, old_src, new_src));
  return report.diffs.empty() ? 0 : 1;
}

}  // namespace smcf::cli
