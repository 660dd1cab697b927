// api_resolver.cpp -- smcf::Resolver: per-thread rewriting and resolving.
#include <fmt/format.h>

#include "address/parse_address.hpp"
#include "api/api_impl.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/printable.hpp"
#include "engine/rewrite.hpp"
#include "engine/trace.hpp"
#include "macro/macro_source.hpp"
#include "maps/session.hpp"
#include "read/ruleset_name.hpp"
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

struct InternSink : TokenSink {
  Symbols* syms = nullptr;
  Workspace* out = nullptr;
  void token(std::string_view s) override { out->push_back(syms->intern(s)); }
};

}  // namespace

struct Resolver::Impl {
  explicit Impl(std::shared_ptr<const LoadedConfig> c)
      : lc(std::move(c)),
        cc(*lc->impl().cc),
        names(lc->impl().names),
        base(cc.ir()),
        macros(base),
        syms(cc.symbols()),
        maps(cc.ir(), lc->impl().sys, rep, macros, names.macro_names),
        rw(RewriteEnv{}) {
    rep.set_recording(true);
    RewriteEnv& env = rw.env();
    env.cc = &cc;
    env.names = &names;
    env.syms = &syms;
    env.classes = &cc.ir().classes;
    env.macros = &macros;
    env.maps = &maps;
    env.rep = &rep;
    env.space_sub = cc.space_sub();
    trace.tables = &cc.tables();
    trace.space_sub = cc.space_sub();
  }

  // Between calls: forget messages and, now and then, this resolver's own
  // tokens (nothing holds them once a call has returned).
  void start_call() {
    rep.clear_diagnostics();
    rep.set_exit_status(0);
    rep.set_current_address(std::nullopt);
    if (syms.local_size() > (1u << 15)) syms.clear_local();
  }

  std::string joined(const Workspace& ws) {
    std::vector<std::string_view> parts;
    parts.reserve(ws.size());
    for (Sym s : ws) parts.push_back(syms.text(s));
    return cataddr(parts, limits::kMaxLine, static_cast<unsigned char>(cc.space_sub()), true, cc.tables().internal);
  }

  std::shared_ptr<const LoadedConfig> lc;
  const CompiledConfig& cc;
  Config names;
  Reporter rep{nullptr};
  ConfigMacros base;
  MacroOverlay macros;
  Symbols syms;
  maps::MapSession maps;
  Rewriter rw;
  ApiTrace trace;
  Workspace ws;
};

Resolver::Resolver(std::shared_ptr<const LoadedConfig> config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Resolver::~Resolver() = default;
Resolver::Resolver(Resolver&&) noexcept = default;
Resolver& Resolver::operator=(Resolver&&) noexcept = default;

void Resolver::set_trace(std::function<void(const TraceEvent&)> sink) {
  impl_->trace.sink = std::move(sink);
  impl_->rw.env().trace = impl_->trace.sink ? &impl_->trace : nullptr;
}

RewriteResult Resolver::rewrite(std::string_view address, std::span<const std::string_view> rulesets) {
  Impl& m = *impl_;
  m.start_call();
  RewriteResult res;
  m.ws.clear();
  InternSink sink;
  sink.syms = &m.syms;
  sink.out = &m.ws;
  const CharTables& tabs = m.cc.tables();
  PrescanRequest req{address, '\0', limits::kPrescanBuf,
                     m.cc.ir().config_level >= 9 ? &tabs.no_comment : &tabs.external, false};
  if (!prescan(req, sink, &m.rep).ok) {
    res.status = rwstat::kDataErr;
    return res;
  }
  for (std::string_view name : rulesets) {
    RulesetRef ref = parse_ruleset(name, RulesetLookup::Find, m.names, nullptr);
    if (ref.number < 0) {
      res.status = rwstat::kConfig;
      break;
    }
    int st = m.rw.rewrite(m.ws, ref.number);
    if (st != 0 && res.status == 0) res.status = st;
  }
  for (Sym s : m.ws) {
    res.tokens.emplace_back(m.syms.text(s));
    if (!res.display.empty()) res.display.push_back(' ');
    append_printable(res.display, m.syms.text(s), m.names.macro_names);
  }
  res.text = m.joined(m.ws);
  return res;
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
  Impl& m = *impl_;
  m.start_call();
  ResolveResult res;
  AddressContext ctx{m.rw, m.macros};
  std::optional<ParsedAddress> a = parse_address(ctx, address, 0, '\0', true);
  res.status = m.rep.exit_status();
  for (const auto& d : m.rep.diagnostics())
    if (d.severity != Severity::Note) res.message = d.message;
  if (!a || !a->has_mailer()) {
    if (res.status == 0) res.status = exitstat::kDataErr;
    if (res.message.empty()) res.message = "Cannot parse";
    return res;
  }
  res.mailer = std::string(a->mailer_name());
  res.host = a->host.value_or(std::string());
  res.user = a->user;
  res.ok = !a->error_mailer && a->state == AddressState::Ok;
  return res;
}

}  // namespace smcf
