// report_sarif.cpp -- findings as a SARIF 2.1.0 log for GitHub code
// scanning: one run, tool.driver.rules from the catalogue (plus one rule
// per sendmail diagnostic id that occurs), one result per finding with its
// physical location, the m4 origin as a related location, and fix-its as
// SARIF fixes.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "lint/catalogue.hpp"
#include "lint/report.hpp"

namespace smcf::lint {
namespace {

using nlohmann::json;

constexpr std::string_view kToolVersion = "0.1.0";
constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";

const char* level(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    default: return "error";
  }
}

// A file name as a URI reference (RFC 3986): unreserved bytes and '/' as
// they are, everything else percent-encoded.
std::string uri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) out.push_back(static_cast<char>(c));
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

json rule_json(std::string_view id, Severity sev, std::string_view summary) {
  return json{{"id", id},
              {"name", id},
              {"shortDescription", {{"text", summary}}},
              {"fullDescription", {{"text", summary}}},
              {"defaultConfiguration", {{"level", level(sev)}}}};
}

json location(const std::string& file, int line, int column) {
  json phys = {{"artifactLocation", {{"uri", uri(file)}}}};
  if (line > 0) phys["region"] = {{"startLine", line}, {"startColumn", column > 0 ? column : 1}};
  return json{{"physicalLocation", phys}};
}

}  // namespace

std::string format_sarif(const std::vector<LintedFile>& files) {
  json rules = json::array();
  std::map<std::string, int> index;
  auto add_rule = [&](std::string_view id, Severity sev, std::string_view summary) {
    if (index.count(std::string(id))) return;
    index[std::string(id)] = static_cast<int>(rules.size());
    rules.push_back(rule_json(id, sev, summary));
  };
  for (const auto& c : lint_checks()) add_rule(c.id, c.severity, c.summary);
  for (const auto& c : sendmail_checks()) add_rule(c.id, c.severity, c.summary);

  json results = json::array();
  for (const auto& file : files) {
    for (const Finding& f : file.findings) {
      add_rule(f.check, f.severity, "sendmail 8.17 reports this while reading the configuration");
      json r;
      r["ruleId"] = f.check;
      r["ruleIndex"] = index[f.check];
      r["level"] = level(f.severity);
      std::string text = f.message;
      for (const auto& n : f.notes) text += "\n" + n;
      r["message"] = {{"text", text}};
      r["locations"] = json::array({location(f.file, f.line, f.column)});
      if (f.origin) {
        json rel = location(f.origin->file, f.origin->line, 0);
        rel["id"] = 1;
        rel["message"] = {{"text", "the m4 source of this line"}};
        r["relatedLocations"] = json::array({rel});
      }
      if (f.fix) {
        json region = {{"startLine", f.fix->line}, {"startColumn", f.fix->column}, {"endColumn", f.fix->end_column}};
        json change = {{"artifactLocation", {{"uri", uri(f.file)}}},
                       {"replacements",
                        json::array({{{"deletedRegion", region}, {"insertedContent", {{"text", f.fix->replacement}}}}})}};
        r["fixes"] = json::array({{{"description", {{"text", f.fix->description}}},
                                   {"artifactChanges", json::array({change})}}});
      }
      r["properties"] = {{"source", f.from_sendmail ? "sendmail" : "smcf"}};
      results.push_back(std::move(r));
    }
  }

  json driver = {{"name", "smcf-lint"},
                 {"fullName", "smcf lint (sendmail.cf linter)"},
                 {"version", kToolVersion},
                 {"semanticVersion", kToolVersion},
                 {"rules", rules}};
  json run = {{"tool", {{"driver", driver}}}, {"columnKind", "unicodeCodePoints"}, {"results", results}};
  json doc = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", json::array({run})}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace smcf::lint
