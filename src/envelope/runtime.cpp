// runtime.cpp -- the rewriting and map runtime of one envelope.
#include "envelope/runtime.hpp"

#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "ir/mailer.hpp"

namespace smcf::envelope {

Runtime::Runtime(std::shared_ptr<const CompiledConfig> cc, const System& sys, Reporter& rep)
    : opts_(envelope_options(cc->ir(), sys)) {
  maps::SessionOptions mo;
  mo.alias_parser = [this](std::string_view lhs) { return parse_alias_lhs(lhs); };
  engine_ = std::make_unique<EngineSession>(std::move(cc), sys, rep, std::move(mo));

  const Config& cf = engine_->config();
  local_ = find_mailer(cf, "local", false);
  prog_ = find_mailer(cf, "prog", false);
  file_ = find_mailer(cf, "*file*", false);
  include_ = find_mailer(cf, "*include*", false);

  // The main envelope's macros (newenvelope(), then main()).
  define_long("quarantine", "");
  define_long("ntries", "0");
  define_long("nrcpts", "0");
}

Runtime::~Runtime() = default;

bool Runtime::take_alias_file_read() {
  bool r = alias_file_read_;
  alias_file_read_ = false;
  return r;
}

// readaliases(): parseaddr(line, &al, RF_COPYALL, ':', NULL, CurEnv, true).
std::optional<maps::AliasLhs> Runtime::parse_alias_lhs(std::string_view line) {
  alias_file_read_ = true;
  Reporter& reporter = rep();
  std::optional<ParsedAddress> a = parse_address(ctx(), line, 0, ':', true);
  std::string printable = reporter.current_address().value_or(std::string(line.substr(0, line.find(':'))));
  // What readaliases() prints after the parse has no address prefix (it
  // ends with e_to cleared, before its statistics line).
  reporter.set_current_address(std::nullopt);
  if (!a) return std::nullopt;
  maps::AliasLhs r;
  r.user = a->user;
  r.printable = std::move(printable);
  r.aliasable = a->mailer != nullptr && a->mailer->has_flag('A');
  return r;
}

}  // namespace smcf::envelope
