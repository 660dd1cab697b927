// report_json.cpp -- findings as one JSON document (nlohmann-json).
// Messages may hold any byte sendmail puts there; invalid UTF-8 is
// replaced (U+FFFD) rather than making the document invalid.
#include <nlohmann/json.hpp>

#include "lint/report.hpp"

namespace smcf::lint {

namespace {

nlohmann::json finding_json(const Finding& f) {
  nlohmann::json j;
  j["file"] = f.file;
  j["line"] = f.line;
  j["column"] = f.column;
  j["severity"] = severity_name(f.severity);
  j["check"] = f.check;
  j["message"] = f.message;
  j["source"] = f.from_sendmail ? "sendmail" : "smcf";
  if (f.fix) {
    j["fix"] = {{"line", f.fix->line},
                {"column", f.fix->column},
                {"end_column", f.fix->end_column},
                {"replacement", f.fix->replacement},
                {"description", f.fix->description}};
  }
  if (!f.notes.empty()) j["notes"] = f.notes;
  if (f.origin) j["origin"] = {{"file", f.origin->file}, {"line", f.origin->line}};
  return j;
}

}  // namespace

std::string format_json(const std::vector<LintedFile>& files) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& file : files)
    for (const auto& f : file.findings) list.push_back(finding_json(f));
  nlohmann::json doc;
  doc["diagnostics"] = std::move(list);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace smcf::lint
