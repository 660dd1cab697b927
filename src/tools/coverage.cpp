// coverage.cpp -- counting and reporting rule hits (see coverage.hpp).
#include "tools/coverage.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "ir/config.hpp"

namespace smcf::tools {
namespace {

std::string origin_suffix(const CfSource& src, int line) {
  auto o = src.origin(line);
  return o ? fmt::format(" [{}:{}]", o->file, o->line) : std::string();
}

}  // namespace

void RuleHits::record(const TraceEvent& ev) {
  if (ev.kind == TraceEvent::Kind::RuleMatched) ++hits_[{ev.ruleset_number, ev.rule}];
}

long RuleHits::hits(int ruleset, int rule) const {
  auto it = hits_.find({ruleset, rule});
  return it == hits_.end() ? 0 : it->second;
}

int RulesetCoverage::fired() const {
  int n = 0;
  for (const auto& r : rules) n += r.hits > 0 ? 1 : 0;
  return n;
}

int CoverageReport::rules_total() const {
  int n = 0;
  for (const auto& rs : rulesets) n += static_cast<int>(rs.rules.size());
  return n;
}

int CoverageReport::rules_fired() const {
  int n = 0;
  for (const auto& rs : rulesets) n += rs.fired();
  return n;
}

CoverageReport build_coverage(const Config& cf, const RuleHits& hits, std::size_t addresses) {
  CoverageReport r;
  r.config = cf.file_name;
  r.addresses = addresses;
  for (std::size_t n = 0; n < cf.rulesets.size(); ++n) {
    const Ruleset& rs = cf.rulesets[n];
    if (rs.rules.empty()) continue;
    RulesetCoverage c;
    c.number = static_cast<int>(n);
    c.name = rs.named && !rs.name.empty() ? rs.name : std::to_string(n);
    for (std::size_t i = 0; i < rs.rules.size(); ++i) {
      int rule = static_cast<int>(i) + 1;
      c.rules.push_back({rule, rs.rules[i].pos.line, hits.hits(c.number, rule)});
    }
    r.rulesets.push_back(std::move(c));
  }
  return r;
}

std::string render_coverage_text(const CoverageReport& r, const CfSource& src) {
  std::string out = fmt::format("{}: {} addresses\n", r.config, r.addresses);
  for (const auto& rs : r.rulesets) {
    out += fmt::format("\nruleset {} ({}): {} of {} rules fired\n", rs.name, rs.number, rs.fired(), rs.rules.size());
    for (const auto& rule : rs.rules) {
      std::string count = rule.hits > 0 ? std::to_string(rule.hits) : std::string("never");
      out += fmt::format("  {:>7}  rule {:<3} line {:<5} {}{}\n", count, rule.rule, rule.line, src.line(rule.line),
                         origin_suffix(src, rule.line));
    }
  }
  int total = r.rules_total(), fired = r.rules_fired();
  out += fmt::format("\n{} of {} rules fired ({:.1f}%), {} never\n", fired, total,
                     total ? 100.0 * fired / total : 0.0, total - fired);
  return out;
}

std::string render_coverage_json(const CoverageReport& r, const CfSource& src) {
  nlohmann::ordered_json j;
  j["config"] = r.config;
  j["addresses"] = r.addresses;
  j["rules_total"] = r.rules_total();
  j["rules_fired"] = r.rules_fired();
  j["rulesets"] = nlohmann::ordered_json::array();
  for (const auto& rs : r.rulesets) {
    nlohmann::ordered_json jr;
    jr["number"] = rs.number;
    jr["name"] = rs.name;
    jr["fired"] = rs.fired();
    jr["rules"] = nlohmann::ordered_json::array();
    for (const auto& rule : rs.rules) {
      nlohmann::ordered_json x;
      x["rule"] = rule.rule;
      x["line"] = rule.line;
      x["hits"] = rule.hits;
      if (src.has_text()) x["text"] = src.line(rule.line);
      if (auto o = src.origin(rule.line)) x["origin"] = {{"file", o->file}, {"line", o->line}};
      jr["rules"].push_back(std::move(x));
    }
    j["rulesets"].push_back(std::move(jr));
  }
  // Bytes of the cf that are not UTF-8 are replaced, not an exception.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string render_coverage_annotated(const CoverageReport& r, const CfSource& src) {
  std::unordered_map<int, long> by_line;
  for (const auto& rs : r.rulesets)
    for (const auto& rule : rs.rules) by_line[rule.line] += rule.hits;
  std::string out = fmt::format("{:>9}:{:>5}:Source:{}\n", "-", 0, r.config);
  out += fmt::format("{:>9}:{:>5}:Addresses:{}\n", "-", 0, r.addresses);
  for (int n = 1; n <= src.line_count(); ++n) {
    auto it = by_line.find(n);
    std::string count = it == by_line.end() ? "-" : it->second > 0 ? std::to_string(it->second) : "#####";
    out += fmt::format("{:>9}:{:>5}:{}\n", count, n, src.line(n));
  }
  return out;
}

}  // namespace smcf::tools
