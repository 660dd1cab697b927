// cf_printer.cpp -- printing the IR back in source order.
#include "print/cf_printer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/bytes.hpp"
#include "ir/config.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {
namespace {

using namespace metabyte;

// The spelling of a macro or class name in cf text.
std::string name_text(unsigned char id, const MacroNames& names) {
  if (id & 0200) return "{" + std::string(names.name(id)) + "}";
  return std::string(1, static_cast<char>(id));
}

// Text that the reader's preprocessing (translate_dollars) turns back into
// `internal`: $ doubled, # escaped (V3 and up), internal bytes spelled as
// $-sequences, quoted high bytes unquoted (the reader quotes them again).
std::string cf_escape(std::string_view internal, const Config& cf) {
  std::string out;
  const bool comments = cf.config_level >= 3;
  for (std::size_t i = 0; i < internal.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(internal[i]);
    if (c == kMetaQuote && i + 1 < internal.size()) {
      out.push_back(internal[++i]);
      continue;
    }
    if (c == '$') {
      out += "$$";
    } else if (c == '#' && comments) {
      out += "\\#";
    } else if (c == kMacroExpand && i + 1 < internal.size()) {
      out.push_back('$');
      unsigned char n = static_cast<unsigned char>(internal[++i]);
      if ((n == '=' || n == '~' || n == '&' || n == '?') && i + 1 < internal.size()) {
        out.push_back(static_cast<char>(n));
        n = static_cast<unsigned char>(internal[++i]);
      }
      out += name_text(n, cf.macro_names);
    } else if (c == kMacroDExpand && i + 1 < internal.size()) {
      out += "$&" + name_text(static_cast<unsigned char>(internal[++i]), cf.macro_names);
    } else if ((c == kMatchClass || c == kMatchNClass) && i + 1 < internal.size()) {
      out += c == kMatchClass ? "$=" : "$~";
      out += name_text(static_cast<unsigned char>(internal[++i]), cf.macro_names);
    } else if (c == kMatchRepl && i + 1 < internal.size()) {
      out.push_back('$');
      out.push_back(internal[++i]);
    } else {
      static const std::map<unsigned char, char> metas = {
          {kMatchZAny, '*'}, {kMatchAny, '+'},  {kMatchOne, '-'},    {kCanonNet, '#'},   {kCanonHost, '@'},
          {kCanonUser, ':'}, {kCallSubr, '>'},  {kCondIf, '?'},      {kCondElse, '|'},   {kCondFi, '.'},
          {kHostBegin, '['}, {kHostEnd, ']'},   {kLookupBegin, '('}, {kLookupEnd, ')'}};
      auto it = metas.find(c);
      if (it != metas.end()) {
        out.push_back('$');
        out.push_back(it->second);
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
  }
  return out;
}

// A D-line value: the reader unquotes D values (quotes, backslash
// escapes) after preprocessing, so those characters are escaped first.
std::string d_value(std::string_view value, const Config& cf) {
  std::string munched;
  for (char c : value) {
    switch (c) {
      case '\\': munched += "\\\\"; break;
      case '"': munched += "\\\""; break;
      case '\r': munched += "\\r"; break;
      case '\n': munched += "\\n"; break;
      case '\f': munched += "\\f"; break;
      case '\b': munched += "\\b"; break;
      default: munched.push_back(c);
    }
  }
  std::string out = cf_escape(munched, cf);
  // Trailing white space would be stripped from the line: quote the value.
  if (!out.empty() && is_space(static_cast<unsigned char>(out.back()))) out = "\"" + out + "\"";
  return out;
}

// A mailer/queue/milter field value (unquoted up to a comma).
std::string field_value(std::string_view value, const Config& cf) {
  std::string munched;
  for (char c : value) {
    switch (c) {
      case '\\': munched += "\\\\"; break;
      case '"': munched += "\\\""; break;
      case ',': munched += "\\,"; break;
      case '\r': munched += "\\r"; break;
      case '\n': munched += "\\n"; break;
      case '\f': munched += "\\f"; break;
      case '\b': munched += "\\b"; break;
      default: munched.push_back(c);
    }
  }
  std::string out = cf_escape(munched, cf);
  if (!out.empty() && is_space(static_cast<unsigned char>(out.back()))) out = "\"" + out + "\"";
  return out;
}

// One rule token as cf text.
std::string token_text(const RuleToken& t, const Config& cf) {
  auto name = [&] { return name_text(t.arg, cf.macro_names); };
  switch (t.kind) {
    case TokenKind::Atom: return cf_escape(t.text, cf);
    case TokenKind::ZeroOrMore: return "$*";
    case TokenKind::OneOrMore: return "$+";
    case TokenKind::ExactlyOne: return "$-";
    case TokenKind::InClass: return "$=" + name();
    case TokenKind::NotInClass: return "$~" + name();
    case TokenKind::Replace: return std::string("$") + static_cast<char>(t.arg);
    case TokenKind::Mailer: return "$#";
    case TokenKind::Host: return "$@";
    case TokenKind::User: return "$:";
    case TokenKind::Call: return "$>";
    case TokenKind::CondIf: return "$?";
    case TokenKind::CondElse: return "$|";
    case TokenKind::CondEnd: return "$.";
    case TokenKind::HostBegin: return "$[";
    case TokenKind::HostEnd: return "$]";
    case TokenKind::MapBegin: return "$(";
    case TokenKind::MapEnd: return "$)";
    case TokenKind::Deferred: return "$&" + name();
  }
  return {};
}

std::string tokens_text(const std::vector<RuleToken>& toks, const Config& cf) {
  std::string out;
  for (const auto& t : toks) {
    if (!out.empty()) out.push_back(' ');
    out += token_text(t, cf);
  }
  return out;
}

// A name that finds ruleset n: its display name when that is bound to n,
// else any name bound to n; "" when it has none.
std::string ruleset_lookup_name(const Config& cf, int n) {
  const Ruleset& rs = cf.rulesets[static_cast<std::size_t>(n)];
  if (rs.named) {
    auto it = cf.ruleset_names.by_name.find(rs.name);
    if (it != cf.ruleset_names.by_name.end() && it->second == n) return rs.name;
  }
  for (const auto& [name, num] : cf.ruleset_names.by_name)
    if (num == n) return name;
  return {};
}

std::string ruleset_ref(const Config& cf, int n) {
  std::string name = ruleset_lookup_name(cf, n);
  return name.empty() ? std::to_string(n) : name;
}

// The S line that selects ruleset n (numbers are written only where the
// original could write them: 0..99).
std::string s_line(const Config& cf, int n) {
  std::string name = ruleset_lookup_name(cf, n);
  if (name.empty()) return fmt::format("S{}", n);
  if (n < 100) return fmt::format("S{}={}", name, n);
  return "S" + name;
}

std::string mailer_line(const Config& cf, const Mailer& m) {
  std::string out = "M" + cf_escape(m.name, cf);
  auto field = [&](char f, const std::string& v) { out += fmt::format(", {}={}", f, v); };
  field('P', field_value(m.path, cf));
  std::string flags;
  for (std::size_t c = 1; c < m.flags.size(); ++c)
    if (m.flags.test(c)) flags.push_back(static_cast<char>(c));
  if (!flags.empty()) field('F', field_value(flags, cf));
  if (m.sender_env_ruleset || m.sender_hdr_ruleset)
    field('S', ruleset_ref(cf, m.sender_env_ruleset) + "/" + ruleset_ref(cf, m.sender_hdr_ruleset));
  if (m.recipient_env_ruleset || m.recipient_hdr_ruleset)
    field('R', ruleset_ref(cf, m.recipient_env_ruleset) + "/" + ruleset_ref(cf, m.recipient_hdr_ruleset));
  field('E', field_value(m.eol, cf));
  if (m.max_size) field('M', std::to_string(m.max_size));
  if (m.max_deliveries) field('m', std::to_string(m.max_deliveries));
  if (m.max_rcpt != 100) field('r', std::to_string(m.max_rcpt));
  if (m.line_limit) field('L', std::to_string(m.line_limit));
  if (m.nice) field('N', std::to_string(m.nice));
  if (!m.exec_dir.empty()) field('D', field_value(m.exec_dir, cf));
  if (!m.root_dir.empty()) field('/', field_value(m.root_dir, cf));
  if (m.default_charset) field('C', field_value(*m.default_charset, cf));
  if (m.queue_group >= 0 && static_cast<std::size_t>(m.queue_group) < cf.queue_groups.size())
    field('Q', field_value(cf.queue_groups[static_cast<std::size_t>(m.queue_group)].name, cf));
  if (m.mta_type_set || m.addr_type_set || m.diag_type_set)
    field('T', field_value(m.mta_type + "/" + m.addr_type + "/" + m.diag_type, cf));
  if (m.uid >= 0 || m.gid >= 0) field('U', fmt::format("{}:{}", m.uid, m.gid));
  if (m.wait) field('W', std::to_string(m.wait));
  std::string argv;
  for (const auto& a : m.argv) {
    if (!argv.empty()) argv.push_back(' ');
    argv += a;
  }
  field('A', field_value(argv, cf));
  return out;
}

struct Item {
  int line;
  int order;  // keeps items of one line in the order they were made
  std::string text;
};

}  // namespace

std::string print_config(const Config& cf) {
  std::vector<Item> items;
  int order = 0;
  auto add = [&](int line, std::string text) { items.push_back(Item{line, order++, std::move(text)}); };

  // Options.
  for (const auto& o : cf.options.settings) {
    if (o.from_command_line || o.pos.line <= 0) continue;
    if (o.name.empty())
      add(o.pos.line, fmt::format("O{}{}", static_cast<char>(o.code), cf_escape(o.value, cf)));
    else
      add(o.pos.line, fmt::format("O {}{}={}", o.name, o.sub_option.empty() ? "" : "." + o.sub_option,
                                  cf_escape(o.value, cf)));
  }
  // Macros defined by the cf.
  for (std::size_t id = 0; id < cf.macros.size(); ++id) {
    const auto& m = cf.macros[id];
    if (!m || m->pos.line <= 0) continue;
    add(m->pos.line, "D" + name_text(static_cast<unsigned char>(id), cf.macro_names) + d_value(m->value, cf));
  }
  // F lines are printed as F lines (the words they read are not repeated
  // as C lines), so the printed config reads the same files.
  for (const auto& src : cf.class_sources) {
    std::string spec = cf_escape(src.spec, cf);
    if (!src.is_map && spec.find_first_of(" \t\"\\") != std::string::npos) {
      std::string q = "\"";
      for (char ch : spec) {
        if (ch == '"') q += "\\";
        q.push_back(ch);
      }
      spec = q + "\"";
    }
    std::string line = "F" + name_text(static_cast<unsigned char>(src.class_id), cf.macro_names) +
                       (src.optional ? "-o " : "") + spec;
    if (!src.is_map && src.format != "%s" && (spec.empty() || spec[0] != '|')) line += " " + cf_escape(src.format, cf);
    add(src.pos.line, std::move(line));
  }
  // Class words, in insertion order.
  for (const auto& o : cf.classes.origins) {
    if (o.via == 'F') continue;
    const std::string& w = cf.classes.words[o.word].word;
    std::string name = name_text(static_cast<unsigned char>(o.class_id), cf.macro_names);
    if (o.via == 'T' && o.class_id == 't')
      add(o.line, "T" + cf_escape(w, cf));
    else
      add(o.line, "C" + name + " " + cf_escape(w, cf));
  }
  // Precedences, environment.
  for (const auto& p : cf.precedences) add(p.pos.line, fmt::format("P{}={}", cf_escape(p.name, cf), p.value));
  for (const auto& e : cf.environment)
    add(e.pos.line, e.value ? fmt::format("E{}={}", cf_escape(e.name, cf), cf_escape(*e.value, cf))
                            : "E" + cf_escape(e.name, cf));
  // Mailers defined by the cf.
  for (const auto& m : cf.mailers)
    if (m && m->pos.line > 0) add(m->pos.line, mailer_line(cf, *m));
  // Headers and header checks.
  for (const auto& h : cf.headers) {
    std::string cond;
    if (!h.macro_condition.empty())
      cond = "?" + cf_escape(h.macro_condition, cf) + "?";
    else if (!h.flags.empty())
      cond = "?" + h.flags + "?";
    add(h.pos.line, "H" + cond + h.name + ":" + cf_escape(h.value, cf));
  }
  for (const auto& c : cf.header_checks)
    add(c.pos.line, fmt::format("H{}: $>{}{}", c.header, c.keep_comments ? "+" : "", ruleset_ref(cf, c.ruleset)));
  // Maps.
  for (const auto& k : cf.maps)
    if (!k.implicit && k.pos.line > 0)
      add(k.pos.line, fmt::format("K{} {}{}{}", k.name, k.map_class, k.args.empty() ? "" : " ", cf_escape(k.args, cf)));
  // Queue groups and milters.
  auto fields_line = [&](char letter, const std::string& name, const std::vector<std::pair<char, std::string>>& f) {
    std::string out = std::string(1, letter) + cf_escape(name, cf);
    for (const auto& [k, v] : f) out += fmt::format(", {}={}", k, field_value(v, cf));
    return out;
  };
  for (const auto& q : cf.queue_groups)
    if (q.pos.line > 0) add(q.pos.line, fields_line('Q', q.name, q.fields));
  for (const auto& x : cf.milters)
    if (x.pos.line > 0) add(x.pos.line, fields_line('X', x.name, x.fields));

  // Rulesets: an S line where a ruleset was first defined, and again
  // before each run of its rules that follows another ruleset's lines.
  struct RuleRef {
    int line;
    int ruleset;
    const Rule* rule;
  };
  std::vector<RuleRef> rules;
  for (int n = 0; n < static_cast<int>(cf.rulesets.size()); ++n) {
    const Ruleset& rs = cf.rulesets[static_cast<std::size_t>(n)];
    if (rs.defined && (rs.rules.empty() || rs.pos.line < rs.rules.front().pos.line))
      rules.push_back(RuleRef{rs.pos.line, n, nullptr});
    for (const Rule& r : rs.rules) rules.push_back(RuleRef{r.pos.line, n, &r});
  }
  std::stable_sort(rules.begin(), rules.end(), [](const RuleRef& a, const RuleRef& b) { return a.line < b.line; });
  int current = -1;
  for (const auto& r : rules) {
    if (!r.rule) {
      add(r.line, s_line(cf, r.ruleset));
      current = r.ruleset;
      continue;
    }
    if (r.ruleset != current) {
      add(r.line, s_line(cf, r.ruleset));
      current = r.ruleset;
    }
    std::string text = "R" + tokens_text(r.rule->lhs, cf) + "\t" + tokens_text(r.rule->rhs, cf);
    if (!r.rule->comment.empty()) text += "\t" + cf_escape(r.rule->comment, cf);
    add(r.line, std::move(text));
  }

  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.line != b.line ? a.line < b.line : a.order < b.order;
  });

  std::string out = "# Printed by smcf from " + cf.file_name + "\n";
  if (cf.config_level > 0 || !cf.vendor.empty())
    out += fmt::format("V{}{}\n", cf.config_level, cf.vendor.empty() ? "" : "/" + cf.vendor);
  for (const auto& it : items) {
    out += it.text;
    out.push_back('\n');
  }
  return out;
}

}  // namespace smcf
