// api_resolver.cpp -- smcf::Resolver: per-thread rewriting and resolving.
#include <fmt/format.h>

#include "address/parse_address.hpp"
#include "api/api_impl.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "names/printable.hpp"
#include "engine/rewrite.hpp"
#include "engine/trace.hpp"
#include "runtime/engine_session.hpp"
#include "token/cataddr.hpp"
#include "token/prescan.hpp"

namespace smcf {
namespace {

// Turns engine trace events into the API's TraceEvents.
class ApiTrace final : public TraceSink {
 public:
  std::function<void(const TraceEvent&)> sink;
  const CharTables* tables = nullptr;
  char space_sub = ' ';

  void enter(int rs, std::string_view name, std::span<const Sym> ws, const Symbols& syms) override {
    emit(TraceEvent::Kind::Enter, rs, name, 0, 0, nullptr, ws, syms);
  }
  void leave(int rs, std::string_view name, std::span<const Sym> ws, const Symbols& syms) override {
    emit(TraceEvent::Kind::Return, rs, name, 0, 0, nullptr, ws, syms);
  }
  void rule_matched(int rs, std::string_view name, int rule, int line, const Bindings& b, std::span<const Sym> ws,
                    const Symbols& syms) override {
    emit(TraceEvent::Kind::RuleMatched, rs, name, rule, line, &b, ws, syms);
  }

 private:
  void emit(TraceEvent::Kind kind, int rs, std::string_view name, int rule, int line, const Bindings* b,
            std::span<const Sym> ws, const Symbols& syms) {
    if (!sink) return;
    views_.clear();
    for (Sym s : ws) views_.push_back(syms.text(s));
    bindings_.clear();
    if (b) {
      for (int i = 0; i < b->count; ++i) {
        const Binding& x = b->slot[static_cast<std::size_t>(i)];
        std::vector<std::string_view> parts(views_.begin() + x.first, views_.begin() + x.end);
        bindings_.push_back(cataddr(parts, limits::kMaxLine, static_cast<unsigned char>(space_sub), true, tables->internal));
      }
    }
    TraceEvent ev;
    ev.kind = kind;
    ev.ruleset = name;
    ev.ruleset_number = rs;
    ev.rule = rule;
    ev.line = line;
    ev.workspace = views_;
    ev.bindings = bindings_;
    sink(ev);
  }
  std::vector<std::string_view> views_;
  std::vector<std::string> bindings_;
};

}  // namespace

struct Resolver::Impl {
  explicit Impl(std::shared_ptr<const LoadedConfig> c)
      : lc(std::move(c)), engine(lc->impl().cc, lc->impl().sys, rep), cc(engine.compiled()) {
    rep.set_recording(true);
    trace.tables = &cc.tables();
    trace.space_sub = cc.space_sub();
  }

  // Between calls: forget messages and, now and then, this resolver's own
  // tokens (nothing holds them once a call has returned).
  void start_call() {
    rep.clear_diagnostics();
    rep.set_exit_status(0);
    rep.set_current_address(std::nullopt);
    engine.release_tokens();
  }

  void join_into(const Workspace& w, std::string& out) {
    parts.clear();
    for (Sym s : w) parts.push_back(engine.symbols().text(s));
    out.clear();
    cataddr_append(out, parts, limits::kMaxLine, static_cast<unsigned char>(cc.space_sub()), true,
                   cc.tables().internal);
  }

  // Ruleset names and numbers seen before, resolved once per resolver.
  int ruleset_number(std::string_view name) {
    for (const auto& [n, number] : ruleset_cache)
      if (n == name) return number;
    int number = engine.ruleset_number(name, nullptr);
    if (ruleset_cache.size() < 64) ruleset_cache.emplace_back(std::string(name), number);
    return number;
  }
  std::vector<std::pair<std::string, int>> ruleset_cache;
  std::vector<std::string_view> parts;

  std::shared_ptr<const LoadedConfig> lc;
  Reporter rep{nullptr};
  EngineSession engine;
  const CompiledConfig& cc;
  ApiTrace trace;
  Workspace ws;
};

Resolver::Resolver(std::shared_ptr<const LoadedConfig> config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Resolver::~Resolver() = default;
Resolver::Resolver(Resolver&&) noexcept = default;
Resolver& Resolver::operator=(Resolver&&) noexcept = default;

void Resolver::set_trace(std::function<void(const TraceEvent&)> sink) {
  impl_->trace.sink = std::move(sink);
  impl_->engine.set_trace(impl_->trace.sink ? &impl_->trace : nullptr);
}

RewriteResult Resolver::rewrite(std::string_view address, std::span<const std::string_view> rulesets) {
  RewriteResult res;
  rewrite(address, rulesets, res);
  return res;
}

// Reuses `res`'s buffers: in steady state (results no longer than before)
// a call allocates nothing.
void Resolver::rewrite(std::string_view address, std::span<const std::string_view> rulesets, RewriteResult& res) {
  Impl& m = *impl_;
  m.start_call();
  res.status = 0;
  res.text.clear();
  res.display.clear();
  std::size_t used = 0;
  if (!m.engine.tokenize(address, '\0', limits::kPrescanBuf, m.engine.address_table(), false, m.ws).ok) {
    res.status = rwstat::kDataErr;
    res.tokens.clear();
    return;
  }
  for (std::string_view name : rulesets) {
    int number = m.ruleset_number(name);
    if (number < 0) {
      res.status = rwstat::kConfig;
      break;
    }
    int st = m.engine.rewrite(m.ws, number);
    if (st != 0 && res.status == 0) res.status = st;
  }
  if (res.tokens.size() < m.ws.size()) res.tokens.resize(m.ws.size());
  const Symbols& syms = m.engine.symbols();
  for (Sym s : m.ws) {
    res.tokens[used++].assign(syms.text(s));
    if (!res.display.empty()) res.display.push_back(' ');
    append_printable(res.display, syms.text(s), m.engine.names().macros);
  }
  res.tokens.resize(used);
  m.join_into(m.ws, res.text);
}

RewriteResult Resolver::rewrite(std::string_view address, std::string_view ruleset_list) {
  std::vector<std::string_view> names;
  while (!ruleset_list.empty()) {
    auto comma = ruleset_list.find(',');
    names.push_back(ruleset_list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    ruleset_list.remove_prefix(comma + 1);
  }
  return rewrite(address, names);
}

ResolveResult Resolver::resolve(std::string_view address) {
  ResolveResult res;
  resolve(address, res);
  return res;
}

void Resolver::resolve(std::string_view address, ResolveResult& res) {
  Impl& m = *impl_;
  m.start_call();
  res.ok = false;
  res.status = 0;
  res.mailer.clear();
  res.host.clear();
  res.user.clear();
  res.message.clear();
  AddressContext ctx{m.engine.rewriter(), m.engine.macros()};
  std::optional<ParsedAddress> a = parse_address(ctx, address, 0, '\0', true);
  res.status = m.rep.exit_status();
  for (const auto& d : m.rep.diagnostics())
    if (d.severity != Severity::Note) res.message = d.message;
  if (!a || !a->has_mailer()) {
    if (res.status == 0) res.status = exitstat::kDataErr;
    if (res.message.empty()) res.message = "Cannot parse";
    return;
  }
  res.mailer.assign(a->mailer_name());
  if (a->host) res.host.assign(*a->host);
  res.user.assign(a->user);
  res.ok = !a->error_mailer && a->state == AddressState::Ok;
}

}  // namespace smcf
