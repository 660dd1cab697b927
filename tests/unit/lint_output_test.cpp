// lint_output_test.cpp -- what `smcf lint` prints: the text form (location,
// source line, caret, fix-it), JSON and SARIF validated against their JSON
// schemas (python3-jsonschema), the m4 source map, and the exit status.
//
// The SARIF 2.1.0 schema is OASIS's (tests/lint/schemas/README.md); the
// JSON form's is tests/lint/lint-json.schema.json.  The schema tests skip,
// saying why, when /usr/bin/python3 has no jsonschema module (Debian:
// python3-jsonschema), except under SMCF_REQUIRE_JSONSCHEMA=1 (CI).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_app.hpp"
#include "lint/catalogue.hpp"
#include "lint/linter.hpp"
#include "lint/report.hpp"
#include "test_support.hpp"

namespace {

using smcf::lint::Finding;
using smcf::lint::LintedFile;

// A config with one finding of each kind the printers treat differently:
// a fix-it (rule-space-separator), notes, sendmail's own error, and a
// message without a line (no local mailer).
const char* kSample =
    "V10/Berkeley\n"
    "S0\n"
    "R$+ < @ $+ >  $@ $1\tcomment\n"
    "Rfred\tfred\n"
    "R$+\t$@ $2\n";

smcf::lint::LintOptions pinned() {
  smcf::lint::LintOptions o;
  o.sys = smcf::testing::pinned_system("lint-output");
  o.sys.no_dns = true;
  return o;
}

std::vector<LintedFile> sample_files() {
  return {LintedFile{"sample.cf", kSample, smcf::lint::lint_text("sample.cf", kSample, pinned())}};
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("smcf-lint-test-" + std::to_string(getpid()) + "-" + name))
      .string();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

bool have_jsonschema() { return std::system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0; }

// CI installs python3-jsonschema and sets SMCF_REQUIRE_JSONSCHEMA=1, so
// there a missing validator fails instead of skipping.
bool jsonschema_required() {
  const char* v = std::getenv("SMCF_REQUIRE_JSONSCHEMA");
  return v != nullptr && std::string(v) == "1";
}
#define SMCF_NEED_JSONSCHEMA()                                                                     \
  do {                                                                                             \
    if (!have_jsonschema()) {                                                                      \
      if (jsonschema_required()) FAIL() << "SMCF_REQUIRE_JSONSCHEMA=1 but python3 has no jsonschema"; \
      GTEST_SKIP() << "/usr/bin/python3 has no jsonschema module (Debian: python3-jsonschema)";    \
    }                                                                                              \
  } while (0)

// Validates `doc` against `schema` with python3-jsonschema; returns the
// validator's complaint ("" when valid).
std::string validate(const std::string& schema_path, const std::string& doc) {
  std::string doc_path = temp_path("doc.json");
  std::string err_path = temp_path("err.txt");
  write_file(doc_path, doc);
  std::string cmd =
      "/usr/bin/python3 -c 'import json, sys, jsonschema\n"
      "schema = json.load(open(sys.argv[1]))\n"
      "doc = json.load(open(sys.argv[2]))\n"
      "cls = jsonschema.validators.validator_for(schema)\n"
      "cls.check_schema(schema)\n"
      "errors = sorted(cls(schema).iter_errors(doc), key=str)\n"
      "[print(e.message, list(e.absolute_path)) for e in errors]\n"
      "sys.exit(1 if errors else 0)' '" +
      schema_path + "' '" + doc_path + "' > '" + err_path + "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::string err = smcf::runner::read_file(err_path);
  std::remove(doc_path.c_str());
  std::remove(err_path.c_str());
  if (rc != 0 && err.empty()) err = "validator failed to run";
  return rc == 0 ? "" : err;
}

std::string sarif_schema_path() {
  if (const char* env = std::getenv("SMCF_SARIF_SCHEMA")) return env;
  return std::string(SMCF_TEST_DATA_DIR) + "/lint/schemas/sarif-schema-2.1.0.json";
}

// Runs `smcf lint ARGS` (its real command-line parsing) with stdout captured.
int run_lint(const std::vector<std::string>& args, std::string* out) {
  std::vector<std::string> line = {"lint"};
  line.insert(line.end(), args.begin(), args.end());
  std::fflush(stdout);
  int saved = dup(STDOUT_FILENO);
  std::FILE* tmp = std::tmpfile();
  dup2(fileno(tmp), STDOUT_FILENO);
  int rc = smcf::cli::run_subcommand(line);
  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  std::rewind(tmp);
  out->clear();
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0) out->append(buf, n);
  std::fclose(tmp);
  return rc;
}

const std::vector<std::string> kPin = {"--hostname", "mx.test.example", "--uid", "0"};

std::vector<std::string> args(std::initializer_list<std::string> extra) {
  std::vector<std::string> a = kPin;
  a.insert(a.end(), extra);
  return a;
}

}  // namespace

TEST(LintText, LocationCaretFixItAndNotes) {
  std::string text = smcf::lint::format_text(sample_files());
  // Line 3: the spaces at column 13 should be a TAB.
  EXPECT_NE(text.find("sample.cf:3:13: warning: LHS and RHS are separated by spaces"), std::string::npos) << text;
  EXPECT_NE(text.find("[rule-space-separator]\n"
                      "R$+ < @ $+ >  $@ $1     comment\n"
                      "            ^~\n"
                      "            \\t\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sample.cf:3:13: note: fix-it: separate the LHS from the RHS with a TAB\n"), std::string::npos);
  // sendmail's own diagnostic keeps sendmail's text, located at the $2.
  EXPECT_NE(text.find("sample.cf:5:8: error: replacement $2 out of bounds [rule-replacement-out-of-bounds]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sample.cf:4:1: error: whenever this rule matches"), std::string::npos);
  // A message sendmail gives after the cf has no line.
  EXPECT_NE(text.find("sample.cf: error: No local mailer defined [mailer-no-local]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("generated.\n"), std::string::npos);
}

TEST(LintJson, MatchesItsSchema) {
  std::string doc = smcf::lint::format_json(sample_files());
  auto j = nlohmann::json::parse(doc);
  ASSERT_TRUE(j["diagnostics"].is_array());
  ASSERT_GE(j["diagnostics"].size(), 4u);
  const auto& first = j["diagnostics"][0];
  EXPECT_EQ(first["file"], "sample.cf");
  EXPECT_EQ(first["line"], 3);
  EXPECT_EQ(first["column"], 13);
  EXPECT_EQ(first["severity"], "warning");
  EXPECT_EQ(first["check"], "rule-space-separator");
  EXPECT_EQ(first["fix"]["replacement"], "\t");
  EXPECT_EQ(j["diagnostics"].back()["line"], 0);  // the file-level message comes last
  SMCF_NEED_JSONSCHEMA();
  EXPECT_EQ(validate(std::string(SMCF_TEST_DATA_DIR) + "/lint/lint-json.schema.json", doc), "");
}

TEST(LintSarif, StructureForCodeScanning) {
  auto j = nlohmann::json::parse(smcf::lint::format_sarif(sample_files()));
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  const auto& run = j["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  std::set<std::string> ids;
  for (const auto& r : rules) ids.insert(r["id"].get<std::string>());
  for (const auto& c : smcf::lint::lint_checks()) EXPECT_TRUE(ids.count(std::string(c.id))) << c.id;
  bool saw_fix = false, saw_fileless = false;
  for (const auto& r : run["results"]) {
    int index = r["ruleIndex"];
    EXPECT_EQ(rules[static_cast<std::size_t>(index)]["id"], r["ruleId"]);
    const auto& phys = r["locations"][0]["physicalLocation"];
    EXPECT_EQ(phys["artifactLocation"]["uri"], "sample.cf");
    if (phys.contains("region")) {
      EXPECT_GE(phys["region"]["startLine"].get<int>(), 1);
    } else {
      saw_fileless = true;
    }
    if (r.contains("fixes")) {
      saw_fix = true;
      const auto& rep = r["fixes"][0]["artifactChanges"][0]["replacements"][0];
      EXPECT_EQ(rep["deletedRegion"]["startLine"], 3);
      EXPECT_EQ(rep["insertedContent"]["text"], "\t");
    }
  }
  EXPECT_TRUE(saw_fix);
  EXPECT_TRUE(saw_fileless);
}

TEST(LintSarif, ValidatesAgainstTheSarif210Schema) {
  SMCF_NEED_JSONSCHEMA();
  std::string schema = sarif_schema_path();
  ASSERT_TRUE(std::filesystem::exists(schema)) << "no SARIF 2.1.0 schema at " << schema;
  EXPECT_EQ(validate(schema, smcf::lint::format_sarif(sample_files())), "");
  // A larger log: every corpus config with its m4 origins and fix-its.
  std::vector<LintedFile> files;
  for (const auto& name : smcf::testing::corpus_configs()) {
    std::string path = smcf::testing::corpus_dir() + "/configs/" + name + ".cf";
    std::string text = smcf::runner::read_file(path);
    smcf::lint::LintOptions o;
    o.sys = smcf::testing::pinned_system(name);
    o.sys.no_dns = true;
    files.push_back(LintedFile{name + ".cf", text, smcf::lint::lint_text(name + ".cf", text, o)});
  }
  EXPECT_EQ(validate(schema, smcf::lint::format_sarif(files)), "");
  // No findings at all is a valid log too.
  EXPECT_EQ(validate(schema, smcf::lint::format_sarif({})), "");
}

TEST(LintM4, SyncLinesGiveOriginsAndFileLines) {
  // As `m4 -s` writes it: a sync line may split a line from its continuation.
  std::string text =
      "#line 10 \"proto.m4\"\n"
      "V10/Berkeley\n"
      "Mlocal,\tP=/bin/true, F=lsDFM, A=local $u\n"
      "Mprog,\tP=/bin/sh, F=lsDFM, A=sh -c $u\n"
      "#line 40 \"site.mc\"\n"
      "S0\n"
      "Rfred\n"
      "#line 41\n"
      "\t\tfred\n";
  auto findings = smcf::lint::lint_text("gen.cf", text, pinned());
  bool loop = false, note = false;
  for (const Finding& f : findings) {
    if (f.check == "rule-infinite-loop") {
      loop = true;
      EXPECT_EQ(f.line, 7);  // the file's own line (the rule starts there)
      ASSERT_TRUE(f.origin.has_value());
      EXPECT_EQ(f.origin->file, "site.mc");
      EXPECT_EQ(f.origin->line, 41);
    } else if (f.check == "m4-sync-in-continuation") {
      note = true;
      EXPECT_EQ(f.line, 9);
      EXPECT_EQ(f.severity, smcf::Severity::Note);
    } else {
      ADD_FAILURE() << f.line << " [" << f.check << "] " << f.message;
    }
  }
  EXPECT_TRUE(loop);  // the folded rule was read as m4 without -s writes it
  EXPECT_TRUE(note);
  std::string printed = smcf::lint::format_text({LintedFile{"gen.cf", text, findings}});
  EXPECT_NE(printed.find("site.mc:41: note: this line comes from here\n"), std::string::npos) << printed;
}

TEST(LintCommand, ExitStatus) {
  std::string clean = temp_path("clean.cf");
  std::string warn = temp_path("warn.cf");
  std::string error = temp_path("error.cf");
  const std::string head =
      "V10/Berkeley\nMlocal,\tP=/bin/true, F=lsDFM, A=local $u\nMprog,\tP=/bin/sh, F=lsDFM, A=sh -c $u\nS0\n";
  write_file(clean, head + "R$+\t$@ $1\n");
  write_file(warn, head + "R$=Q\t$@ $1\n");  // class-undefined: a warning
  write_file(error, head + "Rfred\tfred\n");  // rule-infinite-loop: an error
  std::string out;
  EXPECT_EQ(run_lint(args({clean}), &out), 0);
  EXPECT_EQ(out, "");
  EXPECT_EQ(run_lint(args({warn}), &out), 0);
  EXPECT_NE(out.find("[class-undefined]"), std::string::npos);
  EXPECT_EQ(run_lint(args({"--werror", warn}), &out), 1);
  EXPECT_EQ(run_lint(args({"--werror", clean}), &out), 0);
  EXPECT_EQ(run_lint(args({error}), &out), 2);
  EXPECT_EQ(run_lint(args({clean, error, warn}), &out), 2);
  EXPECT_EQ(run_lint(args({"--format=json", warn}), &out), 0);
  EXPECT_EQ(nlohmann::json::parse(out)["diagnostics"][0]["check"], "class-undefined");
  EXPECT_EQ(run_lint(args({"--format", "sarif", error}), &out), 2);
  EXPECT_EQ(nlohmann::json::parse(out)["version"], "2.1.0");
  EXPECT_EQ(run_lint(args({temp_path("does-not-exist.cf")}), &out), 2);
  EXPECT_EQ(run_lint(args({"--format=xml", clean}), &out), 64);
  EXPECT_EQ(run_lint(args({}), &out), 64);
  std::remove(clean.c_str());
  std::remove(warn.c_str());
  std::remove(error.c_str());
}
