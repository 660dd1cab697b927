// api_config.cpp -- smcf::LoadedConfig: reading a config for the library API.
#include <fstream>
#include <sstream>

#include "api/api_impl.hpp"
#include "base/diag.hpp"
#include "read/reader.hpp"
#include "read/ruleset_name.hpp"

namespace smcf {
namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    case Severity::Fatal: return "fatal";
  }
  return "error";
}

std::shared_ptr<const LoadedConfig> load(std::optional<std::string> text, const std::string& name,
                                         const LoadOptions& opts, std::vector<ConfigDiagnostic>* diags) {
  auto impl = std::make_unique<LoadedConfig::Impl>(system_options_of(opts));
  Reporter rep(nullptr);
  int err = 0;
  if (!text) text = impl->sys.read_file(name, &err);
  if (!text) {
    rep.set_file(name);
    rep.set_line(0);
    rep.syserr("cf-cannot-open", "cannot open", err);
  } else {
    ReadRequest req;
    req.file_name = name;
    req.text = std::move(*text);
    req.test_mode = false;
    for (const auto& o : opts.options) req.options.push_back({' ', o});
    Config cf = read_config(req, impl->sys, rep);
    if (!cf.fatal) impl->cc = std::make_shared<const CompiledConfig>(std::move(cf));
  }
  if (diags) {
    for (const auto& d : rep.diagnostics())
      diags->push_back(ConfigDiagnostic{d.id, severity_name(d.severity), d.pos.file, d.pos.line, d.pos.column,
                                        d.message, d.rendered});
  }
  if (!impl->cc) return nullptr;
  impl->names = names_only(impl->cc->ir());
  return std::shared_ptr<const LoadedConfig>(new LoadedConfig(std::move(impl)));
}

}  // namespace

SystemOptions system_options_of(const LoadOptions& o) {
  SystemOptions s;
  s.host_name = o.host_name;
  s.hosts_file = o.hosts_file;
  s.passwd_file = o.passwd_file;
  s.group_file = o.group_file;
  s.uid = o.uid;
  s.no_dns = o.no_dns;
  s.remap = o.remap;
  return s;
}

Config names_only(const Config& cf) {
  Config n;
  n.file_name = cf.file_name;
  n.config_level = cf.config_level;
  n.macro_names = cf.macro_names;
  n.ruleset_by_name = cf.ruleset_by_name;
  n.next_auto_ruleset = cf.next_auto_ruleset;
  for (std::size_t i = 0; i < cf.rulesets.size(); ++i) {
    n.rulesets[i].number = cf.rulesets[i].number;
    n.rulesets[i].name = cf.rulesets[i].name;
    n.rulesets[i].named = cf.rulesets[i].named;
    n.rulesets[i].defined = cf.rulesets[i].defined;
  }
  return n;
}

LoadedConfig::LoadedConfig(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LoadedConfig::~LoadedConfig() = default;

std::shared_ptr<const LoadedConfig> LoadedConfig::from_file(const std::string& path, const LoadOptions& opts,
                                                            std::vector<ConfigDiagnostic>* diagnostics) {
  return load(std::nullopt, path, opts, diagnostics);
}

std::shared_ptr<const LoadedConfig> LoadedConfig::from_string(std::string_view text, std::string_view name,
                                                              const LoadOptions& opts,
                                                              std::vector<ConfigDiagnostic>* diagnostics) {
  return load(std::string(text), std::string(name), opts, diagnostics);
}

int LoadedConfig::ruleset_number(std::string_view name) const {
  Config scratch = impl_->names;  // a lookup may bind an unbound name
  return parse_ruleset(name, RulesetLookup::Find, scratch, nullptr).number;
}

}  // namespace smcf
