// runtime.hpp -- what recipient processing runs on: an engine session
// (runtime/engine_session.hpp) plus what one envelope outside test mode
// adds to it: the options recipient processing reads and the built-in
// mailers sendmail keeps pointers to.
//
// Unlike a test-mode session there is no trace output, and the map
// session parses alias-file left-hand sides with parseaddr(), as sendmail
// does when it reads a text alias file.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "address/parse_address.hpp"
#include "runtime/engine_session.hpp"
#include "envelope/envelope_options.hpp"

namespace smcf {
class CompiledConfig;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::envelope {

class Runtime {
 public:
  Runtime(std::shared_ptr<const CompiledConfig> cc, const System& sys, Reporter& rep);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  EngineSession& engine() { return *engine_; }
  const CompiledConfig& cc() const { return engine_->compiled(); }
  const Config& config() const { return engine_->config(); }
  const System& sys() const { return engine_->sys(); }
  Reporter& rep() { return engine_->rep(); }
  AddressContext& ctx() { return engine_->address(); }
  MacroOverlay& macros() { return engine_->macros(); }
  maps::MapSession& maps() { return engine_->maps(); }
  const EnvelopeOptions& options() const { return opts_; }
  EnvelopeOptions& options() { return opts_; }

  // The built-in mailers sendmail keeps pointers to (nullptr when missing).
  const Mailer* local_mailer() const { return local_; }
  const Mailer* prog_mailer() const { return prog_; }
  const Mailer* file_mailer() const { return file_; }
  const Mailer* include_mailer() const { return include_; }

  // macdefine() of a named macro ({addr_type}, {nrcpts} ...), when the
  // config's macro table has the name.
  void define_long(std::string_view name, std::optional<std::string> value) {
    engine_->define_long(name, std::move(value));
  }
  // expand() with this envelope's macros.
  std::string expand(std::string_view s, std::size_t buffer_size) { return engine_->expand(s, buffer_size); }

  // Whether an alias-file left-hand side was parsed since the last call
  // (a text alias file was read).
  bool take_alias_file_read();

  // Forgets tokens between top-level addresses (no workspace is alive).
  void release_tokens() { engine_->release_tokens(); }

 private:
  std::optional<maps::AliasLhs> parse_alias_lhs(std::string_view lhs);

  std::unique_ptr<EngineSession> engine_;
  EnvelopeOptions opts_;
  const Mailer* local_ = nullptr;
  const Mailer* prog_ = nullptr;
  const Mailer* file_ = nullptr;
  const Mailer* include_ = nullptr;
  bool alias_file_read_ = false;
};

}  // namespace smcf::envelope
