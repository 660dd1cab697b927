// api_load.cpp -- see api_load.hpp.
#include "cli/api_load.hpp"

#include <cstdio>

#include "api/api_impl.hpp"
#include "base/diag.hpp"

namespace smcf::cli {

LoadOptions api_load_options(const TestModeArgs& t) {
  LoadOptions lo;
  for (const auto& o : t.options)
    lo.options.push_back(o.letter == ' ' ? o.value : std::string(1, static_cast<char>(o.letter)) + "=" + o.value);
  lo.host_name = t.sys.host_name;
  lo.hosts_file = t.sys.hosts_file;
  lo.passwd_file = t.sys.passwd_file;
  lo.group_file = t.sys.group_file;
  lo.uid = t.sys.uid;
  lo.no_dns = t.sys.no_dns;
  lo.remap = t.sys.remap;
  return lo;
}

std::shared_ptr<const LoadedConfig> load_api_config(const TestModeArgs& t, const std::optional<std::string>& path,
                                                    const char* who, int* status) {
  ConfigRequest req;
  req.path = path ? path : t.config;
  req.bundled = !path && t.bundled;
  std::vector<ConfigDiagnostic> diags;
  LoadedConfigFile outcome;
  auto cf = load_for_api(std::move(req), api_load_options(t), &diags, &outcome);
  if (outcome.status == LoadedConfigFile::Status::CannotOpen) {
    std::fprintf(stderr, "smcf %s: cannot read %s\n", who, outcome.name.c_str());
    *status = exitstat::kNoInput;
    return nullptr;
  }
  print_load_warnings(outcome);
  if (outcome.status == LoadedConfigFile::Status::BadImage) {
    *status = refuse_image(outcome);
    return nullptr;
  }
  for (const auto& d : diags)
    if (d.severity == "error" || d.severity == "fatal") std::fprintf(stderr, "%s\n", d.text.c_str());
  if (!cf) *status = exitstat::kConfig;
  return cf;
}

}  // namespace smcf::cli
