// api_config.cpp -- smcf::LoadedConfig: loading a config (text or compiled
// image, image/config_loader.hpp) for the library API.
#include "api/api_impl.hpp"
#include "base/diag.hpp"
#include "read/reader.hpp"
#include "names/ruleset_name.hpp"

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

}  // namespace

std::shared_ptr<const LoadedConfig> load_for_api(ConfigRequest req, const LoadOptions& opts,
                                                 std::vector<ConfigDiagnostic>* diags, LoadedConfigFile* outcome) {
  auto impl = std::make_unique<LoadedConfig::Impl>(system_options_of(opts));
  Reporter rep(nullptr);
  req.mode = image::ReadMode::Deliver;
  for (const auto& o : opts.options) req.options.push_back({' ', o});
  LoadedConfigFile f = load_config(req, impl->sys, rep);
  std::vector<ConfigDiagnostic> own;
  for (const auto& w : f.warnings) own.push_back(ConfigDiagnostic{"image-stale", "warning", f.name, 0, 0, w, w});
  switch (f.status) {
    case LoadedConfigFile::Status::CannotOpen:
      rep.set_file(f.name);
      rep.set_line(0);
      rep.syserr("cf-cannot-open", "cannot open", f.errnum);
      break;
    case LoadedConfigFile::Status::BadImage:
      own.push_back(ConfigDiagnostic{"image-invalid", "fatal", f.name, 0, 0, f.error, f.name + ": " + f.error});
      break;
    case LoadedConfigFile::Status::Stopped:
      break;
    case LoadedConfigFile::Status::Loaded:
      impl->cc = f.config;
      break;
  }
  if (diags) {
    diags->insert(diags->end(), own.begin(), own.end());
    for (const auto& d : rep.diagnostics())
      diags->push_back(ConfigDiagnostic{d.id, severity_name(d.severity), d.pos.file, d.pos.line, d.pos.column,
                                        d.message, d.rendered});
  }
  if (outcome) *outcome = std::move(f);
  if (!impl->cc) return nullptr;
  return std::shared_ptr<const LoadedConfig>(new LoadedConfig(std::move(impl)));
}

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

LoadedConfig::LoadedConfig(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LoadedConfig::~LoadedConfig() = default;

std::shared_ptr<const LoadedConfig> LoadedConfig::from_file(const std::string& path, const LoadOptions& opts,
                                                            std::vector<ConfigDiagnostic>* diagnostics) {
  ConfigRequest req;
  req.path = path;
  return load_for_api(std::move(req), opts, diagnostics);
}

std::shared_ptr<const LoadedConfig> LoadedConfig::from_string(std::string_view text, std::string_view name,
                                                              const LoadOptions& opts,
                                                              std::vector<ConfigDiagnostic>* diagnostics) {
  ConfigRequest req;
  req.path = std::string(name);
  req.text = std::string(text);
  return load_for_api(std::move(req), opts, diagnostics);
}

int LoadedConfig::ruleset_number(std::string_view name) const {
  RulesetNames scratch = impl_->cc->ir().ruleset_names;  // a lookup may bind an unbound name
  return find_ruleset(name, scratch, nullptr).number;
}

}  // namespace smcf
