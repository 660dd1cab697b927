// checks_symbols.cpp -- names used by rules, headers, mailers and macro
// values that nothing defines: classes ($=X / $~X), maps ($( map $)) and
// macros used at run time ($&x, and $x in values expanded when used).
#include <fmt/format.h>

#include <set>

#include "base/bytes.hpp"
#include "lint/check_context.hpp"
#include "lint/sendmail_names.hpp"
#include "read/map_declare.hpp"

namespace smcf::lint {
namespace {

std::string macro_spelling(const Config& cf, int id) {
  std::string_view n = cf.macro_names.name(id);
  return n.size() == 1 ? std::string(n) : fmt::format("{{{}}}", n);
}

// The id a class/macro name written in a line (`x` or `{name}`) has.
int name_id(const Config& cf, std::string_view text, std::size_t* used) {
  *used = 0;
  if (text.empty()) return 0;
  if (text[0] != '{') {
    *used = 1;
    return static_cast<unsigned char>(text[0]);
  }
  std::size_t close = text.find('}');
  if (close == std::string_view::npos) return 0;
  *used = close + 1;
  std::string_view name = text.substr(1, close - 1);
  if (name.size() == 1) return static_cast<unsigned char>(name[0]);
  auto it = cf.macro_names.id_of_name.find(std::string(name));
  return it == cf.macro_names.id_of_name.end() || it->second <= 0 ? 0 : (it->second & 0377);
}

// Where `$` [sigil] name-of-`id` first occurs in a line's clean text, at
// or after `from`.  With `required`, one of `sigils` must precede the name.
std::size_t find_reference(const Config& cf, const ScannedLine& l, std::string_view sigils, bool required, int id,
                           std::size_t from = 0) {
  std::string_view t = l.clean.text;
  for (std::size_t p = t.find('$', from); p != std::string_view::npos; p = t.find('$', p + 1)) {
    std::size_t q = p + 1;
    if (q < t.size() && sigils.find(t[q]) != std::string_view::npos) ++q;
    else if (required) continue;
    std::size_t used = 0;
    if (name_id(cf, t.substr(q), &used) == id && used > 0) return p;
  }
  return std::string_view::npos;
}

class SymbolChecks {
 public:
  explicit SymbolChecks(LintContext& ctx) : ctx_(ctx) {
    // Classes named by C, T and F lines count as defined even when they
    // add nothing here (an F file may be empty on this machine only).
    for (const ScannedLine& l : ctx.scan.lines()) {
      if (l.comment) continue;
      if (l.kind == 'T') named_classes_.insert('t');
      if ((l.kind == 'C' || l.kind == 'F') && l.clean.text.size() > 1) {
        std::size_t used = 0;
        int id = name_id(ctx.cf, std::string_view(l.clean.text).substr(1), &used);
        if (id > 0) named_classes_.insert(id);
      }
    }
  }

  void classes() {
    std::set<std::pair<int, int>> reported;  // (line, class)
    for (const Ruleset& rs : ctx_.cf.rulesets)
      for (const Rule& r : rs.rules)
        for (const RuleToken& t : r.lhs) {
          if (t.kind != TokenKind::InClass && t.kind != TokenKind::NotInClass) continue;
          if (class_defined(t.arg) || !reported.insert({r.pos.line, t.arg}).second) continue;
          bool neg = t.kind == TokenKind::NotInClass;
          std::string name = macro_spelling(ctx_.cf, t.arg);
          std::string msg = fmt::format("class {} is never defined (no C, F or T line names it and sendmail does "
                                        "not fill it): ${}{} {}",
                                        name, neg ? '~' : '=', name,
                                        neg ? "matches any single token" : "never matches");
          report_in_rule(r, "class-undefined", neg ? "~" : "=", t.arg, std::move(msg));
        }
  }

  void maps() {
    for (const Ruleset& rs : ctx_.cf.rulesets)
      for (const Rule& r : rs.rules) {
        const ScannedLine* l = ctx_.scan.ending_at(r.pos.line);
        std::size_t search = 0;
        for (std::size_t i = 0; i < r.rhs.size(); ++i) {
          if (r.rhs[i].kind != TokenKind::MapBegin) continue;
          std::size_t at = l ? l->clean.text.find("$(", search) : std::string::npos;
          if (at != std::string::npos) search = at + 2;
          if (i + 1 >= r.rhs.size() || r.rhs[i + 1].kind != TokenKind::Atom) continue;
          const std::string& name = r.rhs[i + 1].text;
          if (maps::find_map(ctx_.cf, name)) continue;
          std::string msg = fmt::format("map {} is not declared (no K line): sendmail reports \"rewrite: map {} "
                                        "not found\" and uses the default",
                                        name, name);
          if (l && at != std::string::npos) ctx_.report_at("map-undeclared", *l, at, std::move(msg));
          else ctx_.report("map-undeclared", l ? l->where.first : r.pos.line, 1, std::move(msg));
        }
      }
  }

  void macros(const std::vector<bool>& set_by_maps) {
    set_by_maps_ = set_by_maps;
    // $&x in rules.
    for (const Ruleset& rs : ctx_.cf.rulesets)
      for (const Rule& r : rs.rules)
        for (const auto* side : {&r.lhs, &r.rhs})
          for (const RuleToken& t : *side)
            if (t.kind == TokenKind::Deferred && !macro_defined(t.arg) && first_use(r.pos.line, t.arg))
              report_in_rule(r, "macro-undefined", "&", t.arg,
                             fmt::format("macro {} is never defined (no D line, and sendmail does not set it): "
                                         "$&{} is always empty",
                                         macro_spelling(ctx_.cf, t.arg), macro_spelling(ctx_.cf, t.arg)));
    // Values expanded when they are used.
    for (std::size_t id = 0; id < ctx_.cf.macros.size(); ++id)
      if (const auto& m = ctx_.cf.macros[id]; m && m->pos.line > 0) value_refs(m->value, m->pos.line);
    for (const HeaderDecl& h : ctx_.cf.headers) {
      value_refs(h.value, h.pos.line);
      value_refs(h.macro_condition, h.pos.line);
    }
    for (const auto& m : ctx_.cf.mailers)
      if (m && m->pos.line > 0)
        for (const auto& a : m->argv) value_refs(a, m->pos.line);
    for (const OptionSetting& o : ctx_.cf.options.settings)
      if (!o.from_command_line && o.pos.line > 0) value_refs(o.value, o.pos.line);
  }

 private:
  bool class_defined(int id) const {
    if (!ctx_.cf.classes.class_empty(id) || named_classes_.count(id)) return true;
    std::string_view name = ctx_.cf.macro_names.name(id);
    return class_filled_by_sendmail(name) || (ctx_.scan.from_m4_framework() && m4_optional_class(name));
  }

  bool macro_defined(int id) const {
    id &= 0377;
    if (ctx_.cf.macros[static_cast<std::size_t>(id)]) return true;
    if (set_by_maps_.size() > static_cast<std::size_t>(id) && set_by_maps_[static_cast<std::size_t>(id)]) return true;
    std::string_view name = ctx_.cf.macro_names.name(id);
    return macro_set_by_sendmail(name) || (ctx_.scan.from_m4_framework() && m4_optional_macro(name));
  }

  bool first_use(int line, int id) { return reported_macros_.insert({line, id & 0377}).second; }

  // Macro references in a value kept in internal form: \201 [&?]x, \202 x, \232 x.
  void value_refs(const std::string& v, int line) {
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(v[i]);
      if (c == metabyte::kMetaQuote) {
        ++i;
        continue;
      }
      std::size_t name_at;
      std::string_view sigil;
      if (c == metabyte::kMacroExpand) {
        unsigned char n = static_cast<unsigned char>(v[i + 1]);
        if (n == '=' || n == '~') {  // a class: not a macro
          i += 2;
          continue;
        }
        if ((n == '&' || n == '?') && i + 2 < v.size()) {
          name_at = i + 2;
          sigil = n == '&' ? "&" : "?";
        } else {
          name_at = i + 1;
        }
      } else if (c == metabyte::kMacroDExpand || c == metabyte::kCondIf) {
        name_at = i + 1;
        sigil = c == metabyte::kCondIf ? "?" : "&";
      } else {
        continue;
      }
      int id = static_cast<unsigned char>(v[name_at]);
      i = name_at;
      if (macro_defined(id) || !first_use(line, id)) continue;
      const ScannedLine* l = ctx_.scan.ending_at(line);
      std::string name = macro_spelling(ctx_.cf, id);
      std::string msg = fmt::format("macro {} is never defined (no D line, and sendmail does not set it): "
                                    "${}{} is always empty",
                                    name, sigil, name);
      std::size_t at = l ? find_reference(ctx_.cf, *l, "&?", false, id) : std::string::npos;
      if (l && at != std::string::npos) ctx_.report_at("macro-undefined", *l, at, std::move(msg));
      else ctx_.report("macro-undefined", l ? l->where.first : line, 1, std::move(msg));
    }
  }

  void report_in_rule(const Rule& r, std::string_view check, std::string_view sigil, int id, std::string msg) {
    const ScannedLine* l = ctx_.scan.ending_at(r.pos.line);
    std::size_t at = l ? find_reference(ctx_.cf, *l, sigil, true, id, 1) : std::string::npos;
    if (l && at != std::string::npos) ctx_.report_at(check, *l, at, std::move(msg));
    else ctx_.report(check, l ? l->where.first : r.pos.line, 1, std::move(msg));
  }

  LintContext& ctx_;
  std::set<int> named_classes_;
  std::vector<bool> set_by_maps_;
  std::set<std::pair<int, int>> reported_macros_;
};

}  // namespace

void check_symbols(LintContext& ctx) {
  SymbolChecks c(ctx);
  c.classes();
  c.maps();
  c.macros(macros_set_by_maps(ctx.cf));
}

}  // namespace smcf::lint
