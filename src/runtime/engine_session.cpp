// engine_session.cpp -- how the parts of a session are wired together.
#include "runtime/engine_session.hpp"

#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/classes.hpp"
#include "macro/expand.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {

EngineSession::EngineSession(std::shared_ptr<const CompiledConfig> cc, const System& sys, Reporter& rep,
                             maps::SessionOptions map_options)
    : cc_(std::move(cc)),
      sys_(sys),
      rep_(rep),
      names_{cc_->ir().macro_names, cc_->ir().ruleset_names},
      base_macros_(cc_->ir()),
      macros_(base_macros_),
      syms_(cc_->symbols()),
      rewriter_(RewriteEnv{}),
      ctx_{rewriter_, macros_} {
  maps_ = std::make_unique<maps::MapSession>(cc_->ir(), sys_, rep_, macros_, names_.macros, std::move(map_options));
  RewriteEnv& env = rewriter_.env();
  env.cc = cc_.get();
  env.names = &names_;
  env.syms = &syms_;
  env.classes = &cc_->ir().classes;
  env.macros = &macros_;
  env.rep = &rep_;
  env.maps = maps_.get();
  env.space_sub = cc_->space_sub();
  env.stripped = &stripped_calls_;
}

EngineSession::~EngineSession() = default;

const Config& EngineSession::config() const { return cc_->ir(); }

const ClassTable& EngineSession::classes() const { return own_classes_ ? *own_classes_ : cc_->ir().classes; }

ClassTable& EngineSession::writable_classes() {
  if (!own_classes_) {
    own_classes_ = std::make_unique<ClassTable>(cc_->ir().classes);
    rewriter_.env().classes = own_classes_.get();
  }
  return *own_classes_;
}

void EngineSession::set_trace(TraceSink* trace) { rewriter_.env().trace = trace; }

void EngineSession::set_map_port(MapPort* port) { rewriter_.env().maps = port ? port : maps_.get(); }

int EngineSession::ruleset_number(std::string_view name, Reporter* rep) {
  return find_ruleset(name, names_.rulesets, rep).number;
}

PrescanResult EngineSession::tokenize(std::string_view text, int delim, std::size_t buffer_size,
                                      const CharTable& table, bool ignore_errors, Workspace& ws) {
  ws.clear();
  InternSink sink(syms_, ws);
  PrescanRequest req{text, delim, buffer_size, &table, ignore_errors};
  return prescan(req, sink, &rep_);
}

const CharTable& EngineSession::address_table() const {
  const CharTables& tabs = cc_->tables();
  return cc_->ir().config_level >= 9 ? tabs.no_comment : tabs.external;
}

void EngineSession::define_long(std::string_view name, std::optional<std::string> value) {
  auto it = names_.macros.id_of_name.find(std::string(name));
  if (it != names_.macros.id_of_name.end() && it->second > 0) macros_.define(it->second, std::move(value));
}

std::string EngineSession::expand(std::string_view s, std::size_t buffer_size) {
  return smcf::expand(s, macros_, &rep_, buffer_size);
}

void EngineSession::release_tokens() {
  if (syms_.local_size() > limits::kSessionTokens) syms_.clear_local();
}

}  // namespace smcf
