// api_impl.hpp -- the insides of the library API's handles (not installed).
#pragma once
#include <memory>

#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "image/config_loader.hpp"
#include "smcf/smcf.hpp"

namespace smcf {

struct LoadedConfig::Impl {
  explicit Impl(SystemOptions opts) : sys(std::move(opts)) {}
  System sys;
  std::shared_ptr<const CompiledConfig> cc;
};

SystemOptions system_options_of(const LoadOptions& o);
// Loads a config (text or image, through load_config()) for the library:
// from_file and from_string, and smcf resolve, which also wants the outcome
// and the name used (`outcome`, if given).
std::shared_ptr<const LoadedConfig> load_for_api(ConfigRequest req, const LoadOptions& opts,
                                                 std::vector<ConfigDiagnostic>* diagnostics,
                                                 LoadedConfigFile* outcome = nullptr);

}  // namespace smcf
