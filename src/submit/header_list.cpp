// header_list.cpp -- the envelope's headers (see header_list.hpp).
#include "submit/header_list.hpp"

#include <algorithm>

#include "base/bytes.hpp"
#include "ir/config.hpp"
#include "ir/header.hpp"
#include "ir/macro_names.hpp"

namespace smcf::submit {
namespace {

using namespace header_flag;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The flags sendmail's symbol table has for a name: the built-in table's,
// plus the check ruleset's H_STRIPCOMM (not needed here).
unsigned long known_flags(std::string_view name) { return builtin_header_flags(name); }

// commaize() with queueup()'s null mailer (no rewriting): the addresses
// joined by ", ", a new line of eight spaces before one that would pass
// column 78.
std::string commaized(const Header& h) {
  std::string out = h.field.substr(0, 200) + ":";
  std::size_t opos = std::min<std::size_t>(h.field.size() + 1, 201);
  std::string_view v = *h.value;
  std::size_t spaces = 0;
  while (spaces < v.size() && is_space(v[spaces])) ++spaces;
  out.append(spaces, ' ');
  opos += spaces;
  v.remove_prefix(spaces);
  constexpr std::size_t kMax = 78;
  bool first = true;
  for (std::string name : split_header_addresses(v)) {
    name = header_newlines(name);
    opos += name.size() + (first ? 0 : 2);
    if (opos > kMax && !first) {
      out += ",\n        ";
      opos = 8 + name.size();
    } else if (!first) {
      out += ", ";
    }
    out += name;
    first = false;
  }
  return out;
}

}  // namespace

std::vector<std::string> split_header_addresses(std::string_view v) {
  std::vector<std::string> out;
  std::string cur;
  int comment = 0, angle = 0;
  bool quoted = false;
  auto flush = [&] {
    std::size_t b = 0, e = cur.size();
    while (b < e && (is_space(cur[b]) || cur[b] == ',')) ++b;
    while (e > b && (is_space(cur[e - 1]) || cur[e - 1] == ',')) --e;
    if (e > b) out.push_back(cur.substr(b, e - b));
    cur.clear();
  };
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '\\' && i + 1 < v.size()) {
      cur.push_back(c);
      cur.push_back(v[++i]);
      continue;
    }
    if (quoted) {
      if (c == '"') quoted = false;
    } else if (c == '"' && comment == 0) {
      quoted = true;
    } else if (c == '(') {
      ++comment;
    } else if (c == ')' && comment > 0) {
      --comment;
    } else if (comment == 0 && c == '<') {
      ++angle;
    } else if (comment == 0 && c == '>' && angle > 0) {
      --angle;
    } else if (comment == 0 && angle == 0 && c == ',') {
      flush();
      continue;
    }
    cur.push_back(c);
  }
  flush();
  return out;
}

std::string header_newlines(std::string s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\n' && (i + 1 >= s.size() || (s[i + 1] != ' ' && s[i + 1] != '\t'))) {
      std::replace(s.begin(), s.end(), '\n', ' ');
      break;
    }
  return s;
}

HeaderList::HeaderList(const Config& cf, bool defaults) : cf_(cf) {
  if (!defaults) return;
  for (const HeaderDecl& d : cf.headers) {
    Header h;
    h.field = d.name;
    h.value = d.value;
    h.flags = known_flags(d.name) | kDefault;
    h.mailer_flags = d.flags;
    if (d.macro_condition.size() == 2) h.macro = static_cast<unsigned char>(d.macro_condition[1]);
    if (!d.flags.empty() || h.macro != 0) h.flags |= kCheck;
    headers_.push_back(std::move(h));
  }
}

void HeaderList::add_message_header(std::string_view line, unsigned long flags, std::string_view sender_paddr,
                                    std::string_view sender_user) {
  std::size_t p = 0;
  while (p < line.size() && static_cast<unsigned char>(line[p]) > ' ' && static_cast<unsigned char>(line[p]) < 0x7f &&
         line[p] != ':')
    ++p;
  std::string field(line.substr(0, p));
  while (p < line.size() && is_space(line[p])) ++p;
  if (field.empty() || p >= line.size() || line[p] != ':') return;
  std::string value(line.substr(p + 1));
  bool null_header = std::all_of(value.begin(), value.end(), is_space);
  unsigned long known = known_flags(field);
  if (known & kResent) resent_ = true;

  // A From: (Resent-From: on a resent message) that repeats the local
  // sender keeps the default header, which becomes the user's.
  std::string_view from_name = resent_ ? "resent-from" : "from";
  bool drop_from = equals_nocase(field, from_name) && !sender_paddr.empty() &&
                   (value == sender_paddr || value == sender_user);
  std::string inherited_flags;  // a replaced default's ?flags? carry over
  for (Header& h : headers_) {
    if (!equals_nocase(h.field, field) || (h.flags & (kUser | kForce))) continue;
    if (null_header) return;
    if (drop_from) {
      h.flags |= kUser;
      return;
    }
    h.value.reset();
    h.macro = 0;
    inherited_flags = h.mailer_flags;
  }
  Header h;
  h.mailer_flags = std::move(inherited_flags);
  h.field = std::move(field);
  h.value = std::move(value);
  h.flags = (flags ? flags : known) | kUser;
  headers_.push_back(std::move(h));
}

void HeaderList::add_queued_header(std::string_view condition, std::string_view text,
                                   const std::function<int(std::string_view)>& macro_id) {
  int macro = 0;
  std::string mailer_flags;
  if (!condition.empty() && (condition[0] == '$' || static_cast<unsigned char>(condition[0]) == 0201)) {
    std::string_view name = condition.substr(1);
    if (name.size() > 2 && name.front() == '{' && name.back() == '}') name = name.substr(1, name.size() - 2);
    macro = name.empty() ? 0 : macro_id(name);
  } else {
    for (char c : condition)
      if (mailer_flags.find(c) == std::string::npos) mailer_flags.push_back(c);
    std::sort(mailer_flags.begin(), mailer_flags.end());
  }
  bool cond = !mailer_flags.empty();
  std::size_t p = 0;
  while (p < text.size() && static_cast<unsigned char>(text[p]) > ' ' && static_cast<unsigned char>(text[p]) < 0x7f &&
         text[p] != ':')
    ++p;
  std::string field(text.substr(0, p));
  while (p < text.size() && is_space(text[p])) ++p;
  if (field.empty() || p >= text.size() || text[p] != ':') return;
  std::string value(text.substr(p + 1));
  bool null_header = std::all_of(value.begin(), value.end(), is_space);
  unsigned long known = known_flags(field);
  if (known & kResent) resent_ = true;
  for (Header& h : headers_) {
    if (!equals_nocase(h.field, field) || (h.flags & (kUser | kForce))) continue;
    if (null_header) return;
    h.value.reset();
    if (!cond) mailer_flags = h.mailer_flags;
    h.macro = macro;
  }
  Header h;
  h.field = std::move(field);
  h.value = std::move(value);
  h.flags = known | kUser;
  if (cond || macro != 0) h.flags |= kCheck;
  h.mailer_flags = std::move(mailer_flags);
  h.macro = macro;
  headers_.push_back(std::move(h));
}

void HeaderList::add_default_header(std::string field, std::string value) {
  Header h;
  h.flags = known_flags(field);
  h.field = std::move(field);
  h.value = std::move(value);
  headers_.push_back(std::move(h));
}

std::optional<std::string> HeaderList::value(std::string_view name) const {
  for (const Header& h : headers_) {
    if (!h.value || (h.flags & kDefault) || !equals_nocase(h.field, name)) continue;
    std::string_view v = *h.value;
    while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
    return std::string(v);
  }
  return std::nullopt;
}

int HeaderList::hop_count() const {
  int n = 0;
  for (const Header& h : headers_)
    if (h.value && (h.flags & kTrace)) ++n;
  return n;
}

void HeaderList::bind_defaults(const std::function<std::string(std::string_view)>& expand,
                               const std::function<std::string(std::string_view)>& crack) {
  for (Header& h : headers_) {
    if (!h.value || !(h.flags & kDefault) || (h.flags & kBindLate)) continue;
    std::string buf = expand(*h.value);
    if (buf.empty() || buf == " ") continue;
    if (h.flags & kFrom) buf = expand(crack(buf));
    h.value = std::move(buf);
    h.flags &= ~kDefault;
  }
}

std::vector<HeaderList::QueuedHeader> HeaderList::queued(const std::function<std::string(std::string_view)>& expand,
                                                         const MacroNames& names, bool resent) const {
  std::vector<QueuedHeader> out;
  for (const Header& h : headers_) {
    if (!h.value) continue;
    if ((h.flags & kResent) && !resent) continue;
    std::string expanded;
    if (h.flags & kDefault) {
      expanded = expand(*h.value);
      if (expanded.empty() || expanded == " ") continue;
    }
    QueuedHeader q;
    if (h.macro != 0) {
      if (h.macro & 0200) q.condition = "${" + std::string(names.name(h.macro)) + "}";
      else q.condition = std::string("$") + static_cast<char>(h.macro);
    } else if (!h.mailer_flags.empty() && (h.flags & (kCheck | kAlwaysCheck))) {
      q.condition = h.mailer_flags;
    }
    if ((h.flags & kDefault) && !(h.flags & kBindLate)) q.text = h.field + ":" + header_newlines(expanded);
    else if ((h.flags & (kFrom | kRecipient)) && !(h.flags & kBindLate)) q.text = commaized(h);
    else q.text = h.field + ":" + header_newlines(*h.value);
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace smcf::submit
