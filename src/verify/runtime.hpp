// runtime.hpp -- what recipient processing runs on: a compiled config with
// the mutable state of one envelope outside test mode (macros, ruleset
// names, tokens, the map session, the rewriter) and the address context
// the address library works with.
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
#include "engine/rewrite.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"
#include "maps/session.hpp"
#include "token/symbols.hpp"
#include "verify/verify_options.hpp"

namespace smcf {
class CompiledConfig;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::verify {

class Runtime {
 public:
  Runtime(std::shared_ptr<const CompiledConfig> cc, const System& sys, Reporter& rep);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const CompiledConfig& cc() const { return *cc_; }
  const Config& config() const;
  const System& sys() const { return sys_; }
  Reporter& rep() { return rep_; }
  AddressContext& ctx() { return ctx_; }
  MacroOverlay& macros() { return macros_; }
  maps::MapSession& maps() { return *maps_; }
  const VerifyOptions& options() const { return opts_; }
  VerifyOptions& options() { return opts_; }

  // The built-in mailers sendmail keeps pointers to (nullptr when missing).
  const Mailer* local_mailer() const { return local_; }
  const Mailer* prog_mailer() const { return prog_; }
  const Mailer* file_mailer() const { return file_; }
  const Mailer* include_mailer() const { return include_; }

  // macdefine() of a named macro ({addr_type}, {nrcpts} ...), when the
  // config's macro table has the name.
  void define_long(std::string_view name, std::optional<std::string> value);
  // expand() with this envelope's macros.
  std::string expand(std::string_view s, std::size_t buffer_size);

  // Whether an alias-file left-hand side was parsed since the last call
  // (a text alias file was read).
  bool take_alias_file_read();

  // Forgets tokens between top-level addresses (no workspace is alive).
  void release_tokens();

 private:
  std::optional<maps::AliasLhs> parse_alias_lhs(std::string_view lhs);

  std::shared_ptr<const CompiledConfig> cc_;
  const System& sys_;
  Reporter& rep_;
  Config state_;  // mutable copy: ruleset names, macro names
  ConfigMacros base_macros_;
  MacroOverlay macros_;
  Symbols syms_;
  std::unique_ptr<maps::MapSession> maps_;
  Rewriter rewriter_;
  AddressContext ctx_;
  VerifyOptions opts_;
  const Mailer* local_ = nullptr;
  const Mailer* prog_ = nullptr;
  const Mailer* file_ = nullptr;
  const Mailer* include_ = nullptr;
  bool alias_file_read_ = false;
};

}  // namespace smcf::verify
