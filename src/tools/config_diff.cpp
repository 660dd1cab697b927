// config_diff.cpp -- trace comparison and the diff reports (see
// config_diff.hpp).
#include "tools/config_diff.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace smcf::tools {
namespace {

bool same_step(const TraceStep& a, const CfSource& a_src, const TraceStep& b, const CfSource& b_src) {
  if (a.kind != b.kind || a.ruleset != b.ruleset) return false;
  if (a.kind != TraceEvent::Kind::RuleMatched) return a.workspace == b.workspace;
  if (a_src.has_text() && b_src.has_text()) return a_src.line(a.line) == b_src.line(b.line);
  return a.rule == b.rule;
}

std::string describe(const TraceStep& s, const CfSource& src, const std::string& config) {
  switch (s.kind) {
    case TraceEvent::Kind::Enter: return fmt::format("ruleset {} input: {}", s.ruleset, s.workspace);
    case TraceEvent::Kind::Return: return fmt::format("ruleset {} returns: {}", s.ruleset, s.workspace);
    case TraceEvent::Kind::RuleMatched: break;
  }
  std::string where = fmt::format("ruleset {} rule {} ({}:{}", s.ruleset, s.rule, config, s.line);
  if (auto o = src.origin(s.line)) where += fmt::format(", from {}:{}", o->file, o->line);
  where += ")";
  if (src.has_text()) where += ": " + src.line(s.line);
  return where;
}

std::string step_or_end(const std::vector<TraceStep>& t, std::size_t i, const CfSource& src, const std::string& cf) {
  return i < t.size() ? describe(t[i], src, cf) : std::string("(the trace ends)");
}

// The last rule both traces matched before they part, for context.
const TraceStep* last_common_rule(const std::vector<TraceStep>& t, std::size_t parted) {
  for (std::size_t i = std::min(parted, t.size()); i-- > 0;)
    if (t[i].kind == TraceEvent::Kind::RuleMatched) return &t[i];
  return nullptr;
}

}  // namespace

void TraceRecorder::record(const TraceEvent& ev) {
  TraceStep s;
  s.kind = ev.kind;
  s.ruleset = std::string(ev.ruleset);
  s.rule = ev.rule;
  s.line = ev.line;
  for (std::string_view tok : ev.workspace) {
    if (!s.workspace.empty()) s.workspace.push_back(' ');
    s.workspace += tok;
  }
  steps_.push_back(std::move(s));
}

std::vector<TraceStep> TraceRecorder::take() {
  std::vector<TraceStep> out;
  out.swap(steps_);
  return out;
}

std::size_t first_difference(const std::vector<TraceStep>& a, const CfSource& a_src,
                             const std::vector<TraceStep>& b, const CfSource& b_src) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!same_step(a[i], a_src, b[i], b_src)) return i;
  return n;
}

std::string render_diff_text(const DiffReport& r, const CfSource& old_src, const CfSource& new_src) {
  std::string out;
  for (const AddressDiff& d : r.diffs) {
    out += fmt::format("{}:{}: {} {}\n", d.file, d.line, r.rulesets, d.address);
    out += fmt::format("  old: {}\n  new: {}\n", d.old_side.result, d.new_side.result);
    if (const TraceStep* common = last_common_rule(d.old_side.trace, d.parted_at))
      out += fmt::format("  both after: {}\n", describe(*common, old_src, r.old_config));
    out += fmt::format("  parted at step {}:\n", d.parted_at + 1);
    out += fmt::format("    old: {}\n", step_or_end(d.old_side.trace, d.parted_at, old_src, r.old_config));
    out += fmt::format("    new: {}\n", step_or_end(d.new_side.trace, d.parted_at, new_src, r.new_config));
  }
  out += fmt::format("{} addresses, {} differ ({} -> {}, rulesets {})\n", r.addresses, r.diffs.size(), r.old_config,
                     r.new_config, r.rulesets);
  return out;
}

std::string render_diff_json(const DiffReport& r, const CfSource& old_src, const CfSource& new_src) {
  nlohmann::ordered_json j;
  j["old"] = r.old_config;
  j["new"] = r.new_config;
  j["rulesets"] = r.rulesets;
  j["addresses"] = r.addresses;
  j["differ"] = r.diffs.size();
  j["diffs"] = nlohmann::ordered_json::array();
  for (const AddressDiff& d : r.diffs) {
    nlohmann::ordered_json x;
    x["file"] = d.file;
    x["line"] = d.line;
    x["address"] = d.address;
    x["old"] = d.old_side.result;
    x["new"] = d.new_side.result;
    x["parted_at_step"] = d.parted_at + 1;
    x["old_step"] = step_or_end(d.old_side.trace, d.parted_at, old_src, r.old_config);
    x["new_step"] = step_or_end(d.new_side.trace, d.parted_at, new_src, r.new_config);
    j["diffs"].push_back(std::move(x));
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace smcf::tools
