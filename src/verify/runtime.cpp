// runtime.cpp -- the rewriting and map runtime of one verify envelope.
#include "verify/runtime.hpp"

#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "ir/mailer.hpp"
#include "macro/expand.hpp"

namespace smcf::verify {

Runtime::Runtime(std::shared_ptr<const CompiledConfig> cc, const System& sys, Reporter& rep)
    : cc_(std::move(cc)),
      sys_(sys),
      rep_(rep),
      state_(cc_->ir()),
      base_macros_(cc_->ir()),
      macros_(base_macros_),
      syms_(cc_->symbols()),
      rewriter_(RewriteEnv{}),
      ctx_{rewriter_, macros_},
      opts_(verify_options(cc_->ir(), sys)) {
  maps::SessionOptions mo;
  mo.alias_parser = [this](std::string_view lhs) { return parse_alias_lhs(lhs); };
  maps_ = std::make_unique<maps::MapSession>(cc_->ir(), sys, rep, macros_, state_.macro_names, std::move(mo));

  RewriteEnv& env = rewriter_.env();
  env.cc = cc_.get();
  env.names = &state_;
  env.syms = &syms_;
  env.classes = &state_.classes;
  env.macros = &macros_;
  env.rep = &rep_;
  env.maps = maps_.get();
  env.space_sub = cc_->space_sub();

  const Config& cf = cc_->ir();
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

const Config& Runtime::config() const { return cc_->ir(); }

void Runtime::define_long(std::string_view name, std::optional<std::string> value) {
  auto it = state_.macro_names.id_of_name.find(std::string(name));
  if (it != state_.macro_names.id_of_name.end() && it->second > 0) macros_.define(it->second, std::move(value));
}

std::string Runtime::expand(std::string_view s, std::size_t buffer_size) {
  return smcf::expand(s, macros_, &rep_, buffer_size);
}

bool Runtime::take_alias_file_read() {
  bool r = alias_file_read_;
  alias_file_read_ = false;
  return r;
}

void Runtime::release_tokens() {
  if (syms_.local_size() > (1u << 16)) syms_.clear_local();
}

// readaliases(): parseaddr(line, &al, RF_COPYALL, ':', NULL, CurEnv, true).
std::optional<maps::AliasLhs> Runtime::parse_alias_lhs(std::string_view line) {
  alias_file_read_ = true;
  std::optional<ParsedAddress> a = parse_address(ctx_, line, 0, ':', true);
  std::string printable = rep_.current_address().value_or(std::string(line.substr(0, line.find(':'))));
  // What readaliases() prints after the parse has no address prefix (it
  // ends with e_to cleared, before its statistics line).
  rep_.set_current_address(std::nullopt);
  if (!a) return std::nullopt;
  maps::AliasLhs r;
  r.user = a->user;
  r.printable = std::move(printable);
  r.aliasable = a->mailer != nullptr && a->mailer->has_flag('A');
  return r;
}

}  // namespace smcf::verify
