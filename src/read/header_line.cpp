// header_line.cpp -- H lines: default headers and header checks
// (sendmail's chompheader() for configuration headers).
//
//   H[?flags?]Name: template     a default header, written with every
//                                message unless the mailer lacks all flags
//   H[?$x?]Name: template        ... unless macro x is empty
//   HName: $>Ruleset             a header check (comments stripped first)
//   HName: $>+Ruleset            a header check that keeps comments
//   H*: $>Ruleset                the check for headers without their own
//
// The structure is parsed by grammar/header_line.hpp; this file gives it
// sendmail's meaning and messages.  How the results are stored is described
// in ir/header.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "grammar/header_line.hpp"
#include "ir/header.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {
namespace {

// sendmail expands a template into a 50-byte buffer to see whether it is
// a header check, so only its first 49 bytes count.
constexpr std::size_t kCheckProbeBuffer = 50;

void syntax_error(ReadContext& ctx, std::string_view shown) {
  ctx.rep.syserr("cf-header-syntax", fmt::format("553 5.3.0 header syntax error, line \"{}\"", shown));
}

// What a ?...? prefix says.
struct Condition {
  bool ok = true;
  std::string flags;  // mailer flags, each once, in byte order
  int macro = 0;      // macro id, 0 = none
};

// ?$x? arrives as 0201 x (the reader's preprocessing); a literal '$'
// (written "$$") is also accepted, followed by a macro name.  Anything
// else is a list of ASCII mailer flags.
Condition read_condition(ReadContext& ctx, std::string_view c) {
  Condition out;
  if (!c.empty() && static_cast<unsigned char>(c[0]) == metabyte::kMacroExpand) {
    // Exactly one macro id after the marker.
    if (c.size() != 2) out.ok = false;
    else out.macro = static_cast<unsigned char>(c[1]);
    return out;
  }
  if (!c.empty() && c[0] == '$') {
    std::string_view name = c.substr(1);
    if (name.empty()) {
      out.ok = false;
      return out;
    }
    int id = parse_macro_id(name, ctx.cf.macro_names, &ctx.rep).id;
    // sendmail steps over "{name}" by the length of the name the id has
    // now, not by what was written: "{x}" (id 'x') or "{a-b}" (id of "ab")
    // leave bytes behind and are errors.
    std::size_t used = 1;
    if (id & 0200) {
      const std::string& long_name = ctx.cf.macro_names.name_of_id[static_cast<std::size_t>(id & 0377)];
      // An 8-bit id without a name would make sendmail step past the
      // condition; treat it as the syntax error it is.
      used = long_name.empty() ? name.size() + 1 : long_name.size() + 2;
    }
    if (used != name.size()) out.ok = false;
    else out.macro = id;
    return out;
  }
  for (unsigned char f : c) {
    if (!is_ascii(f)) {
      out.ok = false;
      return out;
    }
    if (out.flags.find(static_cast<char>(f)) == std::string::npos) out.flags.push_back(static_cast<char>(f));
  }
  std::sort(out.flags.begin(), out.flags.end());
  return out;
}

// A template that expands to $>Ruleset or $>+Ruleset makes the line a
// header check.  Returns false when it is not one.  Ruleset 0 and invalid
// rulesets are accepted as "a check" but nothing is recorded.
bool read_header_check(ReadContext& ctx, const std::string& name, std::string_view value) {
  ConfigMacros macros(ctx.cf);
  std::string probe = expand(value, macros, &ctx.rep, kCheckProbeBuffer);
  std::size_t p = 0;
  while (p < probe.size() && is_space(static_cast<unsigned char>(probe[p]))) ++p;
  if (p >= probe.size() || static_cast<unsigned char>(probe[p]) != metabyte::kCallSubr) return false;
  ++p;
  const bool keep_comments = p < probe.size() && probe[p] == '+';
  if (keep_comments) ++p;
  RulesetRef rs = parse_ruleset(std::string_view(probe).substr(p), RulesetLookup::Enter, ctx.cf, &ctx.rep);
  if (rs.number <= 0) return true;

  // One check per name (case-insensitive): a new one replaces the ruleset,
  // but comment stripping, once asked for, stays on (sendmail only ever
  // sets its H_STRIPCOMM bit).
  for (auto& c : ctx.cf.header_checks) {
    if (equals_nocase(c.header, name)) {
      c.ruleset = rs.number;
      c.keep_comments = c.keep_comments && keep_comments;
      c.pos = ctx.pos();
      return true;
    }
  }
  ctx.cf.header_checks.push_back(HeaderCheck{name, rs.number, keep_comments, ctx.pos()});
  return true;
}

// sendmail's atobool(): empty or starting with t/T/y/Y is true.
bool option_true(std::string_view v) { return v.empty() || std::string_view("tTyY").find(v[0]) != std::string_view::npos; }

// SingleLineFromHeader as set so far (the last cf or command-line setting
// that took effect).
bool single_line_from_header(const ReadContext& ctx) {
  const auto& s = ctx.cf.options.settings;
  for (auto it = s.rbegin(); it != s.rend(); ++it)
    if (!it->ignored && it->name == "SingleLineFromHeader") return option_true(it->value);
  return false;
}

void add_default_header(ReadContext& ctx, HeaderDecl decl, bool has_flags, unsigned long builtin) {
  auto& headers = ctx.cf.headers;
  auto same_name = [&](const HeaderDecl& h) { return equals_nocase(h.name, decl.name); };
  if (!(builtin & header_flag::kForce)) {
    auto last = std::find_if(headers.rbegin(), headers.rend(), same_name);
    if (last != headers.rend()) {
      // An empty value never replaces a default.
      bool empty = std::all_of(decl.value.begin(), decl.value.end(),
                               [](char c) { return is_space(static_cast<unsigned char>(c)); });
      if (empty) return;
      // Without flags of its own the new header takes over the old one's;
      // they only matter when they are checked.
      if (!has_flags && (!decl.macro_condition.empty() || (builtin & header_flag::kAlwaysCheck)))
        decl.flags = last->flags;
      headers.erase(std::remove_if(headers.begin(), headers.end(), same_name), headers.end());
    }
  }
  headers.push_back(std::move(decl));
}

}  // namespace

void read_header_line(ReadContext& ctx, std::string_view rest) {
  grammar::HeaderLine line;
  grammar::HeaderLineParse parsed = grammar::parse_header_line(rest, line);
  if (parsed == grammar::HeaderLineParse::UnclosedCondition) {
    syntax_error(ctx, rest);
    return;
  }
  // The condition is judged before the field is looked at.
  Condition cond;
  if (line.has_condition) {
    cond = read_condition(ctx, line.condition);
    if (!cond.ok) {
      syntax_error(ctx, rest);
      return;
    }
  }
  if (parsed == grammar::HeaderLineParse::BadField) {
    // By now sendmail has cut the line at the closing '?', so the message
    // shows only "?condition" when there is one.
    syntax_error(ctx, line.has_condition ? "?" + line.condition : std::string(rest));
    return;
  }
  std::string& name = line.field.name;
  std::string& value = line.field.value;

  // Overlong names are silently ignored (sendmail treats them as the end
  // of a message's header).
  if (name.size() > limits::kMaxHeaderName) return;
  if (read_header_check(ctx, name, value)) return;

  const unsigned long builtin = builtin_header_flags(name);
  if (builtin & header_flag::kEndOfHeader) return;
  if ((builtin & header_flag::kFrom) && single_line_from_header(ctx)) std::replace(value.begin(), value.end(), '\n', ' ');

  HeaderDecl decl;
  decl.name = std::move(name);
  decl.flags = std::move(cond.flags);
  if (cond.macro != 0) decl.macro_condition = {static_cast<char>(metabyte::kMacroExpand), static_cast<char>(cond.macro)};
  decl.value = std::move(value);
  decl.pos = ctx.pos();
  const bool has_flags = !decl.flags.empty();
  add_default_header(ctx, std::move(decl), has_flags, builtin);
}

}  // namespace smcf
