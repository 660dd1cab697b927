// c_api.cpp -- the C interface (smcf/smcf.h) over the C++ API.  Every
// entry point catches everything: no exception crosses into C.
#include <cstring>
#include <new>
#include <string>

#include "smcf/smcf.h"
#include "smcf/smcf.hpp"

struct smcf_config {
  std::shared_ptr<const smcf::LoadedConfig> cf;
};

struct smcf_resolver {
  explicit smcf_resolver(std::shared_ptr<const smcf::LoadedConfig> cf) : r(std::move(cf)) {}
  smcf::Resolver r;
  smcf::ResolveResult last;
  std::string text;
};

namespace {

smcf::LoadOptions options_of(const smcf_load_options_t* o) {
  smcf::LoadOptions lo;
  if (!o) return lo;
  if (o->host_name) lo.host_name = o->host_name;
  if (o->hosts_file) lo.hosts_file = o->hosts_file;
  if (o->passwd_file) lo.passwd_file = o->passwd_file;
  if (o->group_file) lo.group_file = o->group_file;
  if (o->options)
    for (const char* const* p = o->options; *p; ++p) lo.options.emplace_back(*p);
  lo.no_dns = o->no_dns != 0;
  return lo;
}

smcf_config_t* finish(std::shared_ptr<const smcf::LoadedConfig> cf,
                      const std::vector<smcf::ConfigDiagnostic>& diags, smcf_diag_fn diag, void* arg) {
  if (diag)
    for (const auto& d : diags)
      diag(arg, d.severity.c_str(), d.file.c_str(), d.line, d.id.c_str(), d.text.c_str());
  if (!cf) return nullptr;
  return new (std::nothrow) smcf_config{std::move(cf)};
}

}  // namespace

extern "C" {

smcf_config_t* smcf_config_load_file(const char* path, const smcf_load_options_t* opts, smcf_diag_fn diag,
                                     void* diag_arg) {
  if (!path) return nullptr;
  try {
    std::vector<smcf::ConfigDiagnostic> diags;
    auto cf = smcf::LoadedConfig::from_file(path, options_of(opts), &diags);
    return finish(std::move(cf), diags, diag, diag_arg);
  } catch (...) {
    return nullptr;
  }
}

smcf_config_t* smcf_config_load_string(const char* text, size_t len, const char* name,
                                       const smcf_load_options_t* opts, smcf_diag_fn diag, void* diag_arg) {
  if (!text) return nullptr;
  try {
    std::vector<smcf::ConfigDiagnostic> diags;
    auto cf = smcf::LoadedConfig::from_string(std::string_view(text, len), name ? name : "(string)",
                                              options_of(opts), &diags);
    return finish(std::move(cf), diags, diag, diag_arg);
  } catch (...) {
    return nullptr;
  }
}

void smcf_config_free(smcf_config_t* cf) { delete cf; }

smcf_resolver_t* smcf_resolver_new(const smcf_config_t* cf) {
  if (!cf) return nullptr;
  try {
    return new smcf_resolver(cf->cf);
  } catch (...) {
    return nullptr;
  }
}

void smcf_resolver_free(smcf_resolver_t* r) { delete r; }

int smcf_resolve(smcf_resolver_t* r, const char* address, smcf_result_t* out) {
  if (!r || !address || !out) return -1;
  try {
    r->last = r->r.resolve(address);
    out->ok = r->last.ok ? 1 : 0;
    out->mailer = r->last.mailer.c_str();
    out->host = r->last.host.c_str();
    out->user = r->last.user.c_str();
    out->status = r->last.status;
    out->message = r->last.message.c_str();
    return 0;
  } catch (...) {
    return -1;
  }
}

int smcf_rewrite(smcf_resolver_t* r, const char* address, const char* rulesets, const char** result) {
  if (!r || !address || !rulesets) return -1;
  try {
    smcf::RewriteResult res = r->r.rewrite(address, std::string_view(rulesets));
    r->text = std::move(res.text);
    if (result) *result = r->text.c_str();
    return res.status;
  } catch (...) {
    return -1;
  }
}

}  // extern "C"
