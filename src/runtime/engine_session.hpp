// engine_session.hpp -- the one per-session runtime every front end uses.
//
// Test mode (-bt), -bv, the library's Resolver and delivery all run the
// engine the same way: on an immutable compiled config, with a session's
// own macro definitions, token spellings, map session, name tables and a
// rewriter wired to them.  This type builds that stack once, so there is
// one place that knows how the parts are connected, one token budget and
// one tokenizer entry.
//
// Nothing here writes through the compiled config: names that run time may
// bind (ir/run_names.hpp), classes that test mode may change and the $>
// targets a run strips the quotes of (engine/call_targets.hpp) are the
// session's own copies, which is what makes one config shareable by any
// number of threads (each with its own session).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "address/parse_address.hpp"
#include "engine/call_targets.hpp"
#include "engine/rewrite.hpp"
#include "ir/run_names.hpp"
#include "macro/macro_source.hpp"
#include "maps/session.hpp"
#include "token/prescan.hpp"
#include "token/symbols.hpp"

namespace smcf {

class CompiledConfig;
struct ClassTable;
class MapPort;
class Reporter;
class System;
class TraceSink;

class EngineSession {
 public:
  EngineSession(std::shared_ptr<const CompiledConfig> cc, const System& sys, Reporter& rep,
                maps::SessionOptions map_options = {});
  ~EngineSession();
  EngineSession(const EngineSession&) = delete;
  EngineSession& operator=(const EngineSession&) = delete;

  const CompiledConfig& compiled() const { return *cc_; }
  const std::shared_ptr<const CompiledConfig>& shared_compiled() const { return cc_; }
  const Config& config() const;
  const System& sys() const { return sys_; }
  Reporter& rep() { return rep_; }

  RunNames& names() { return names_; }
  const RunNames& names() const { return names_; }
  // The $> targets whose quotes this session's runs have stripped.
  const StrippedCallTargets& stripped_calls() const { return stripped_calls_; }
  MacroOverlay& macros() { return macros_; }
  Symbols& symbols() { return syms_; }
  const Symbols& symbols() const { return syms_; }
  maps::MapSession& maps() { return *maps_; }
  Rewriter& rewriter() { return rewriter_; }
  // The context the address library (address/) works with.
  AddressContext& address() { return ctx_; }

  // The classes the rules see: the config's, until a caller (test mode's
  // .C command) asks to change one; from then on the session's own copy.
  const ClassTable& classes() const;
  ClassTable& writable_classes();

  // Trace events go to `trace` (null: none).
  void set_trace(TraceSink* trace);
  // Lookups go to `port` instead of this session's maps (null: back to them).
  void set_map_port(MapPort* port);

  // Rewrites ws with one ruleset at top level.
  int rewrite(Workspace& ws, int ruleset) { return rewriter_.rewrite(ws, ruleset); }
  // A run-time ruleset lookup by name or number (-1: none), in this
  // session's names.
  int ruleset_number(std::string_view name, Reporter* rep);

  // sendmail's prescan() into ws, interning with this session's symbols.
  PrescanResult tokenize(std::string_view text, int delim, std::size_t buffer_size, const CharTable& table,
                         bool ignore_errors, Workspace& ws);
  // The table addresses are tokenized with (comments kept below V9).
  const CharTable& address_table() const;

  // macdefine() of a {long} macro, when the config's name table has the
  // name (sendmail's own code defines ${addr_type}, ${nrcpts} ... so).
  void define_long(std::string_view name, std::optional<std::string> value);
  // expand() with this session's macros.
  std::string expand(std::string_view s, std::size_t buffer_size);

  // Forgets this session's own token spellings once there are more than
  // limits::kSessionTokens.  Only between top-level calls: no workspace
  // may hold one of them.
  void release_tokens();

 private:
  std::shared_ptr<const CompiledConfig> cc_;
  const System& sys_;
  Reporter& rep_;
  RunNames names_;
  StrippedCallTargets stripped_calls_;
  std::unique_ptr<ClassTable> own_classes_;  // set by writable_classes()
  ConfigMacros base_macros_;
  MacroOverlay macros_;
  Symbols syms_;
  std::unique_ptr<maps::MapSession> maps_;
  Rewriter rewriter_;
  AddressContext ctx_;
};

}  // namespace smcf
